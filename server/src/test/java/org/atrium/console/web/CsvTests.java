package org.atrium.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTests {

    @Test
    void quotesCommasQuotesAndLineBreaksAndDefusesFormulas() throws Exception {
        StringWriter out = new StringWriter();
        Csv.line(out, List.of(Csv.text("plain"), Csv.text("a,b"), Csv.text("say \"hi\""), Csv.text("two\nlines"),
                Csv.text("=1+2"), Csv.text("+1"), Csv.text("-2"), Csv.text("@SUM(A1)"), Csv.text("\tx"),
                Csv.text("=HYPERLINK(\"http://x\",\"y\")"), Csv.number("-5.00"), Csv.text("")));
        assertThat(out.toString()).isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=1+2,'+1,'-2,'@SUM(A1),"
                + "'\tx,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-5.00,\r\n");
    }
}
