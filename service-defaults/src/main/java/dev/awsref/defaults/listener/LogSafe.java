package dev.awsref.defaults.listener;

/**
 * A failure's reason as one printable line of bounded length. Reasons quote message content,
 * which anyone who can send to the queue controls: a line break in it would forge log lines.
 */
public final class LogSafe {

    static final int MAX_REASON_LENGTH = 1000;

    private LogSafe() {}

    public static String reason(Throwable failure) {
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return line(text, MAX_REASON_LENGTH);
    }

    /** Control characters become {@code ?}; longer text is cut, and says so. */
    public static String line(String text, int maxLength) {
        var out = new StringBuilder(Math.min(text.length(), maxLength + 3));
        for (int i = 0; i < text.length() && out.length() < maxLength; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > maxLength) {
            out.append("...");
        }
        return out.toString();
    }
}
