package dev.workflow.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.workflow.spring.boot.test.app.UnrelatedService;

/** A component named in the annotation joins the slice. */
@WorkflowTest(components = UnrelatedService.class)
class NamedComponentsSliceTests {

	@Autowired
	UnrelatedService unrelated;

	@Test
	void aNamedComponentIsInjectable() {
		assertThat(this.unrelated.hello()).isEqualTo("hello");
	}

}
