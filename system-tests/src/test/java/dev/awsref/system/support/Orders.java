package dev.awsref.system.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Bursts of small orders, and which of them notification-service confirmed by email. */
public final class Orders {

    private static final Pattern CONFIRMED = Pattern.compile("Your order (\\S+) is confirmed");

    private Orders() {}

    /** Places {@code count} orders below the high-value threshold; each must be accepted (201). */
    public static List<String> placeBurst(OrderApi orders, String tag, int count) {
        var ids = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            String customer = tag + "-" + UUID.randomUUID().toString().substring(0, 8);
            var placed = orders.place(customer, "drill-item", 1, new BigDecimal("9.90"));
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            ids.add(placed.json().get("id").asString());
        }
        return ids;
    }

    /** The order ids with a confirmation email in the SMTP sink. */
    public static Set<String> confirmed(Mailbox mailbox) {
        return mailbox.all().stream()
                .map(email -> CONFIRMED.matcher(email.subject()))
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .collect(Collectors.toSet());
    }

    /** How many confirmation emails each of {@code ids} got, for finding duplicates. */
    public static long confirmationsOf(Mailbox mailbox, List<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        return mailbox.all().stream()
                .map(email -> CONFIRMED.matcher(email.subject()))
                .filter(m -> m.matches() && wanted.contains(m.group(1)))
                .count();
    }
}
