package dev.awsref.testsupport.fuzz;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of fuzz input from a seeded {@link Random}: the few combinators the input classes
 * need (pick, range, string, combine, map, filter). Edge values are listed explicitly in the input
 * classes rather than left to chance.
 */
@FunctionalInterface
public interface Gen<T> {

    /** Characters a generated string draws from. */
    enum Chars {
        ALPHA("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ALPHANUMERIC("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        /** Printable ASCII, space to tilde. */
        PRINTABLE(null),
        /** Any UTF-16 code unit, control characters and lone surrogates included. */
        ANY(null);

        private final String alphabet;

        Chars(String alphabet) {
            this.alphabet = alphabet;
        }

        char next(Random random) {
            return switch (this) {
                case PRINTABLE -> (char) (' ' + random.nextInt('~' - ' ' + 1));
                case ANY -> (char) random.nextInt(0x10000);
                default -> alphabet.charAt(random.nextInt(alphabet.length()));
            };
        }
    }

    T next(Random random);

    default <U> Gen<U> map(Function<? super T, ? extends U> f) {
        return random -> f.apply(next(random));
    }

    /** Draws until {@code accept} holds (at most 1,000 times). */
    default Gen<T> filter(Predicate<? super T> accept) {
        return random -> {
            for (int i = 0; i < 1000; i++) {
                T value = next(random);
                if (accept.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("the filter rejected 1,000 draws in a row");
        };
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        List<T> choices = List.of(values);
        return random -> choices.get(random.nextInt(choices.size()));
    }

    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
        return random -> generators[random.nextInt(generators.length)].next(random);
    }

    /** From {@code min} to {@code max}, both included; the ends come up more often than chance would give. */
    static Gen<Integer> integers(int min, int max) {
        return random -> switch (random.nextInt(8)) {
            case 0 -> min;
            case 1 -> max;
            default -> (int) (min + (long) (random.nextDouble() * ((long) max - min + 1)));
        };
    }

    static Gen<BigDecimal> decimals(BigDecimal min, BigDecimal max, int scale) {
        return random -> switch (random.nextInt(8)) {
            case 0 -> min.setScale(scale, RoundingMode.UP);
            case 1 -> max.setScale(scale, RoundingMode.DOWN);
            default ->
                min.add(max.subtract(min).multiply(BigDecimal.valueOf(random.nextDouble())))
                        .setScale(scale, RoundingMode.DOWN);
        };
    }

    static Gen<Character> chars(char from, char to) {
        return random -> (char) (from + random.nextInt(to - from + 1));
    }

    static Gen<String> strings(Chars chars, int minLength, int maxLength) {
        return random -> {
            int length = integers(minLength, maxLength).next(random);
            var text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(chars.next(random));
            }
            return text.toString();
        };
    }

    static Gen<String> strings(char from, char to, int minLength, int maxLength) {
        Gen<Character> each = chars(from, to);
        return random -> {
            int length = integers(minLength, maxLength).next(random);
            var text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(each.next(random));
            }
            return text.toString();
        };
    }

    static Gen<byte[]> bytes(int minLength, int maxLength) {
        return random -> {
            byte[] bytes = new byte[integers(minLength, maxLength).next(random)];
            random.nextBytes(bytes);
            return bytes;
        };
    }

    static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        return random -> f.apply(a.next(random), b.next(random));
    }

    /** Three parts into one. */
    interface Function3<A, B, C, R> {
        R apply(A a, B b, C c);
    }

    static <A, B, C, R> Gen<R> combine(Gen<A> a, Gen<B> b, Gen<C> c, Function3<A, B, C, R> f) {
        return random -> f.apply(a.next(random), b.next(random), c.next(random));
    }
}
