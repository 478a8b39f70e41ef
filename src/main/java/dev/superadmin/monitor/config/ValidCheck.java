package dev.superadmin.monitor.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** The rules of a check that span several of its keys (see {@link CheckConfigValidator}). */
@Documented
@Constraint(validatedBy = CheckConfigValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidCheck {

    String message() default "is not a valid check";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
