package dev.awsref.notification.email;

/**
 * The emails this service sends. Each has a body template {@code mail/<template>.txt} and a
 * subject {@code <template>.subject} in {@code mail/subjects.properties}; the name is also the
 * second half of the idempotency key.
 */
public enum Notification {
    ORDER_CONFIRMATION("order-confirmation"),
    ORDER_SHIPPED("order-shipped"),
    ORDER_CANCELLED("order-cancelled"),
    HIGH_VALUE_ALERT("high-value-alert"),
    DOCUMENT_UPLOADED("document-uploaded");

    private final String template;

    Notification(String template) {
        this.template = template;
    }

    public String template() {
        return template;
    }
}
