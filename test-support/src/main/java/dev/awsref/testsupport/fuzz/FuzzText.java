package dev.awsref.testsupport.fuzz;

/** Generators of the text and values hostile clients send, shared by the APIs' fuzz suites. */
public final class FuzzText {

    private FuzzText() {}

    /** A JSON string literal for any Java string, lone surrogates and control characters included. */
    public static String quote(String text) {
        var out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Any small JSON value of any type: what a confused client puts into a field. */
    public static Gen<String> anyJsonValue() {
        return Gen.oneOf(
                Gen.of("null", "true", "false", "[]", "{}", "0", "-1", "1.5", "\"\"", "[1,2]", "{\"a\":1}"),
                Gen.strings(Gen.Chars.ANY, 0, 20).map(FuzzText::quote),
                Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE).map(String::valueOf));
    }

    /** Unicode a well-behaved client may send: accents, emoji, bidi overrides, BOMs, lone surrogates. */
    public static Gen<String> unicode() {
        return Gen.oneOf(
                Gen.strings(Gen.Chars.ANY, 1, 40),
                Gen.of(
                        "caf\u00e9",
                        "\u202eevil",
                        "\ud83d\ude00 emoji",
                        "e\u0301",
                        "\ufeffbom",
                        "zero\u200bwidth",
                        "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
                        "\u4e2d\u6587",
                        "\ud800",
                        "\udfff",
                        "<script>alert(1)</script>",
                        "'; DROP TABLE t; --",
                        "%00",
                        "${jndi:ldap://x}"));
    }

    /** Text with at least one C0 control character (U+0000 to U+001F) inside. */
    public static Gen<String> withControlCharacter() {
        return Gen.combine(
                Gen.strings(Gen.Chars.ALPHA, 0, 5),
                Gen.chars('\u0000', '\u001f'),
                Gen.strings(Gen.Chars.ALPHA, 0, 5),
                (a, c, b) -> a + c + b);
    }

    /** Header values the JDK client can send: printable ASCII, not blank. */
    public static Gen<String> headerValue(int maxLength) {
        return Gen.strings(Gen.Chars.PRINTABLE, 1, maxLength).filter(v -> !v.isBlank());
    }
}
