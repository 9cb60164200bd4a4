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
     * @param customerId whose order; with a token it is the token's subject and may be left out
     */
    public record CreateOrder(
            @Size(max = 64) String customerId,
            @NotNull @Iso4217 String currency,
            @NotEmpty @Size(max = 10_000) List<@Valid @NotNull Line> lines) {}

    public record Line(
            @NotBlank @Size(max = 100) String productId,
            @Positive @Max(100_000) int quantity,

            @NotNull @DecimalMin("0.00") @Digits(integer = 12, fraction = 2)
            BigDecimal unitPrice) {}

    public record Ship(
            @NotBlank @Size(max = 64) String carrier,
            @NotBlank @Size(max = 64) String trackingNumber) {}

    public record Cancel(@NotBlank @Size(max = 500) String reason) {}
}
