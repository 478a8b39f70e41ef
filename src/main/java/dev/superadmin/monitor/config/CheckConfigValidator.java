package dev.superadmin.monitor.config;

import java.time.Duration;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import dev.superadmin.monitor.check.Direction;

/**
 * Rules that no single-key constraint can express. Each violation is attached to the key at fault, so that
 * start-up fails with a line such as {@code superadmin.checks.failed_logins.warning must not be above critical}.
 */
public class CheckConfigValidator implements ConstraintValidator<ValidCheck, CheckConfig> {

    @Override
    public boolean isValid(CheckConfig check, ConstraintValidatorContext context) {
        context.disableDefaultConstraintViolation();
        boolean valid = positive(check.interval(), "interval", context)
                & positive(check.timeout(), "timeout", context)
                & check.staleness().map(staleness -> positive(staleness, "staleness", context)).orElse(true);
        if (check.warning().isEmpty() && check.critical().isEmpty()) {
            return violation(context, "critical", "or warning must be set: a check needs at least one threshold");
        }
        if (check.warning().isPresent() && check.critical().isPresent()) {
            double warning = check.warning().getAsDouble();
            double critical = check.critical().getAsDouble();
            if (check.direction() == Direction.ABOVE && warning > critical) {
                valid = violation(context, "warning", "must not be above critical (" + critical + ") for direction above");
            }
            if (check.direction() == Direction.BELOW && warning < critical) {
                valid = violation(context, "warning", "must not be below critical (" + critical + ") for direction below");
            }
        }
        return valid;
    }

    private static boolean positive(Duration duration, String key, ConstraintValidatorContext context) {
        return !(duration.isNegative() || duration.isZero()) || violation(context, key, "must be positive, was " + duration);
    }

    private static boolean violation(ConstraintValidatorContext context, String key, String message) {
        context.buildConstraintViolationWithTemplate(escape(message)).addPropertyNode(key).addConstraintViolation();
        return false;
    }

    /** Keeps configured values out of Expression Language evaluation in the message. */
    private static String escape(String message) {
        return message.replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
