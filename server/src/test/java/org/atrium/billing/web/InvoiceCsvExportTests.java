package org.atrium.billing.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvoiceCsvExportTests {

    @Test
    void aCellIsQuotedOnlyWhenItMustBeAndAFormulaIsNeutralised() {
        assertThat(InvoiceCsvExport.cell("INV-2026-00001")).isEqualTo("INV-2026-00001");
        assertThat(InvoiceCsvExport.cell("Acme, Inc.")).isEqualTo("\"Acme, Inc.\"");
        assertThat(InvoiceCsvExport.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(InvoiceCsvExport.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(InvoiceCsvExport.cell("-5")).isEqualTo("'-5");
        assertThat(InvoiceCsvExport.cell("")).isEmpty();
    }
}
