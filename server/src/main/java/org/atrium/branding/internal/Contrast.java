package org.atrium.branding.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * WCAG 2.x contrast between two sRGB colours: (L1 + 0.05) / (L2 + 0.05) of their relative luminances. AA asks 4.5:1
 * for body text. The brand colour is used for links on the white surface and as the background of buttons, whose
 * text is white or near-black, whichever contrasts more ({@link #textOn}).
 */
final class Contrast {

    static final double AA = 4.5;
    static final String WHITE = "#ffffff";
    static final String DARK = "#0f172a"; // --text of the design system
    private static final Pattern HEX = Pattern.compile("^#[0-9a-f]{6}$");

    private Contrast() {
    }

    static boolean isColor(String value) {
        return HEX.matcher(value.toLowerCase(Locale.ROOT)).matches();
    }

    static double ratio(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double luminance(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return 0.2126 * channel((rgb >> 16) & 0xff) + 0.7152 * channel((rgb >> 8) & 0xff)
                + 0.0722 * channel(rgb & 0xff);
    }

    private static double channel(int value) {
        double c = value / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    /** The text colour for a background of this colour: white or the dark text colour, whichever contrasts more. */
    static String textOn(String background) {
        return ratio(background, WHITE) >= ratio(background, DARK) ? WHITE : DARK;
    }

    /** What falls below AA: each colour as text on white, and the best text colour on each. */
    static List<String> warnings(String primary, String secondary) {
        List<String> warnings = new ArrayList<>();
        check(warnings, "Primary colour", primary);
        check(warnings, "Secondary colour", secondary);
        return warnings;
    }

    private static void check(List<String> warnings, String what, String color) {
        double onWhite = ratio(color, WHITE);
        if (onWhite < AA) {
            warnings.add("%s %s has a contrast of %s:1 on white, below the 4.5:1 that WCAG AA asks for text"
                    .formatted(what, color, format(onWhite)));
        }
        double text = ratio(color, textOn(color));
        if (text < AA) {
            warnings.add("%s %s leaves no text colour readable on it (best %s:1, AA asks 4.5:1)".formatted(what, color,
                    format(text)));
        }
    }

    static String format(double ratio) {
        return String.format(Locale.ROOT, "%.2f", Math.floor(ratio * 100) / 100);
    }
}
