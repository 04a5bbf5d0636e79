package dev.workflow.spring.boot.test.app;

import org.springframework.stereotype.Service;

/** A bean with no workflow or activity method: a workflow slice leaves it out unless named. */
@Service
public class UnrelatedService {

	public String hello() {
		return "hello";
	}

}
