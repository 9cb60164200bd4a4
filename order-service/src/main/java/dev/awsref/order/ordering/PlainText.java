package dev.awsref.order.ordering;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text without control characters (U+0000 to U+001F, U+007F to U+009F). PostgreSQL cannot store
 * U+0000 in text at all (the insert fails, which was a 500), and the others in an identifier or a
 * carrier name are a client's mistake or an attack on whoever reads the value later (a log line, an
 * email header). Free text may allow line breaks and tabs.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlainText.Validator.class)
public @interface PlainText {

    String message() default "must not contain control characters";

    /** Whether tab, line feed and carriage return are allowed (free text such as a reason). */
    boolean allowLineBreaks() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PlainText, String> {

        private boolean allowLineBreaks;

        @Override
        public void initialize(PlainText annotation) {
            this.allowLineBreaks = annotation.allowLineBreaks();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.chars().noneMatch(this::refused);
        }

        private boolean refused(int c) {
            if (allowLineBreaks && (c == '\t' || c == '\n' || c == '\r')) {
                return false;
            }
            return Character.isISOControl(c);
        }
    }
}
