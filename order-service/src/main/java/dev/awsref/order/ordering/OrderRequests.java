package dev.awsref.order.ordering;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/** Request bodies of the order API, validated before anything is written. */
public final class OrderRequests {

    private OrderRequests() {}

    /**
     * The largest order total accepted. SNS filter policies compare numbers only from -10^9 to 10^9
     * (https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html), so
     * the high-value subscription ({@code total >= 1000}) could not be trusted to match a total
     * beyond that; the order is refused instead of silently missing the operations alert. It also
     * keeps every total far inside the {@code numeric(16,2)} column.
     */
    public static final BigDecimal MAX_TOTAL = new BigDecimal("999999999.99");

    /**
     * @param customerId whose order; with a token it is the token's subject and may be left out
     */
    public record CreateOrder(
            @Size(max = 64) @PlainText String customerId,
            @NotNull @Iso4217 String currency,
            @NotEmpty @Size(max = 10_000) List<@Valid @NotNull Line> lines) {

        /** The sum of the lines; only meaningful once the lines are valid. */
        public BigDecimal total() {
            return lines.stream()
                    .map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    public record Line(
            @NotBlank @Size(max = 100) @PlainText String productId,
            @Positive @Max(100_000) int quantity,

            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2)
            BigDecimal unitPrice) {}

    public record Ship(
            @NotBlank @Size(max = 64) @PlainText String carrier,
            @NotBlank @Size(max = 64) @PlainText String trackingNumber) {}

    public record Cancel(
            @NotBlank @Size(max = 500) @PlainText(allowLineBreaks = true)
            String reason) {}
}
