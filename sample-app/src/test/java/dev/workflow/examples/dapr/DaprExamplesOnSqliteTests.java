package dev.workflow.examples.dapr;

import org.springframework.test.context.TestPropertySource;

/** The Dapr examples on the sqlite backend, in a real file. */
@TestPropertySource(properties = { "spring.application.name=dapr-examples-sqlite", "dapr.workflow.backend-type=sqlite",
		"dapr.workflow.backend-configuration.connection-string=file:./target/dapr-examples.db" })
class DaprExamplesOnSqliteTests extends DaprExamplesTests {

}
