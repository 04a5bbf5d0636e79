package dev.workflow.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the {@code DataSource} the workflow backend stores in (the {@code jdbc} backend, or the
 * actors backend's {@code jdbc} state store, when {@code dapr.workflow.backend-configuration.url} is
 * not set), when the application has several. Put it on the {@code @Bean} method (or the class) of
 * that DataSource. Without it the backend takes the only DataSource, or the {@code @Primary} one.
 * <p>
 * Client writes made inside a Spring-managed transaction on this DataSource join it.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
		ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface WorkflowDataSource {

}
