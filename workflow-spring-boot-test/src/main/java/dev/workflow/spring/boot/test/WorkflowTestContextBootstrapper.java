package dev.workflow.spring.boot.test;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps a {@link WorkflowTest @WorkflowTest}: applies its {@code properties}.
 */
class WorkflowTestContextBootstrapper extends TestSliceTestContextBootstrapper<WorkflowTest> {

}
