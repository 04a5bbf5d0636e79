package dev.workflow.examples.dapr;

import org.springframework.test.context.TestPropertySource;

/** The Dapr examples on the default backend: nothing configured (actors, memory state store). */
@TestPropertySource(properties = "spring.application.name=dapr-examples-default")
class DaprExamplesOnDefaultBackendTests extends DaprExamplesTests {

}
