package dev.workflow.examples.dapr;

import org.springframework.test.context.TestPropertySource;

/**
 * The Dapr examples on the jdbc backend with the PostgreSQL of {@code .ci/postgres.sh} (or the
 * database in WORKFLOW_TEST_POSTGRES_URL).
 */
@TestPropertySource(properties = { "spring.application.name=dapr-examples-postgres", "dapr.workflow.backend-type=jdbc",
		"dapr.workflow.backend-configuration.url=${WORKFLOW_TEST_POSTGRES_URL:jdbc:postgresql://127.0.0.1:5432/workflow_test}",
		"dapr.workflow.backend-configuration.username=workflow", "dapr.workflow.backend-configuration.password=workflow",
		"dapr.workflow.backend-configuration.table-prefix=dapr_examples_" })
class DaprExamplesOnPostgresTests extends DaprExamplesTests {

}
