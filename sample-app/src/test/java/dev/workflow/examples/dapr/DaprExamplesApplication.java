package dev.workflow.examples.dapr;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application of the Dapr example tests: the starter plus the ported example beans. */
@SpringBootApplication
public class DaprExamplesApplication {

}
