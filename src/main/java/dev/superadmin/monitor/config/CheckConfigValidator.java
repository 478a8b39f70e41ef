package dev.superadmin.monitor.config;

import java.util.Set;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import dev.superadmin.monitor.check.Direction;

/**
 * Rules that span several keys of one check. Start-up then fails with a line that starts with the check's key,
 * such as {@code superadmin.checks.failed_logins warning=30.0 must not be above critical=25.0 (direction above)}.
 */
public class CheckConfigValidator implements ConstraintValidator<ValidCheck, CheckConfig> {

    /** What every probe sets itself: a check must not loosen it. */
    static final Set<String> RESERVED_SETTINGS = Set.of("transaction_read_only", "default_transaction_read_only",
            "statement_timeout");

    @Override
    public boolean isValid(CheckConfig check, ConstraintValidatorContext context) {
        for (String setting : check.settings().keySet()) {
            if (RESERVED_SETTINGS.contains(setting)) {
                return violation(context, "settings." + setting + " is set by every probe itself (read-only, and the"
                        + " check's timeout); it cannot be changed per check");
            }
        }
        if (check.warning().isEmpty() && check.critical().isEmpty()) {
            return violation(context, "needs a threshold: set warning, critical or both");
        }
        if (check.warning().isEmpty() || check.critical().isEmpty()) {
            return true;
        }
        double warning = check.warning().getAsDouble();
        double critical = check.critical().getAsDouble();
        if (check.direction() == Direction.ABOVE && warning > critical) {
            return violation(context, "warning=" + warning + " must not be above critical=" + critical + " (direction above)");
        }
        if (check.direction() == Direction.BELOW && warning < critical) {
            return violation(context, "warning=" + warning + " must not be below critical=" + critical + " (direction below)");
        }
        return true;
    }

    private static boolean violation(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
        return false;
    }
}
