package dev.awsref.platform.events;

/**
 * What a user did. Written to JSON by constant name ({@code "PAGE_VIEW"}); adding a constant is a
 * schema change, because an older reader rejects a name it does not know.
 */
public enum ActivityType {
    PAGE_VIEW,
    SEARCH,
    CART_ADD,
    PURCHASE
}
