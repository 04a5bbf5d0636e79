package dev.workflow.spring.boot.test;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.workflow.spring.boot.test.app.TimerWorkflows;

/**
 * The application the module's tests slice: workflows, activities and one unrelated bean, in the
 * {@code app} package (scanned through the slice's filter like any application's).
 */
@SpringBootApplication(scanBasePackageClasses = TimerWorkflows.class)
public class TestWorkflowApplication {

}
