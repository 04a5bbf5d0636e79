package dev.workflow.spring.boot.autoconfigure;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

import dev.workflow.ScheduleSpec;
import dev.workflow.Workflow;
import dev.workflow.WorkflowDefinitionException;
import dev.workflow.WorkflowRuntime;
import dev.workflow.WorkflowSchedule;

/**
 * Finds {@link WorkflowSchedule @WorkflowSchedule} annotations on the {@link Workflow @Workflow}
 * methods of every singleton bean and declares them to the runtime, which creates or updates them
 * when it starts. A bad annotation (no {@code @Workflow} beside it, a bad cron expression,
 * interval or zone) fails startup naming the method.
 */
final class WorkflowScheduleRegistrar implements SmartInitializingSingleton {

	private final ObjectProvider<WorkflowRuntime> runtime;

	private final ListableBeanFactory beanFactory;

	WorkflowScheduleRegistrar(ObjectProvider<WorkflowRuntime> runtime, ListableBeanFactory beanFactory) {
		this.runtime = runtime;
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		WorkflowRuntime rt = this.runtime.getIfAvailable();
		if (rt == null) {
			return;
		}
		BeanMethods.forEachBeanClass(this.beanFactory, (name, target) -> {
			Map<Method, Set<WorkflowSchedule>> schedules = MethodIntrospector.selectMethods(target,
					(MethodIntrospector.MetadataLookup<Set<WorkflowSchedule>>) m -> {
						Set<WorkflowSchedule> found = AnnotatedElementUtils.findMergedRepeatableAnnotations(m,
								WorkflowSchedule.class);
						return found.isEmpty() ? null : found;
					});
			schedules.forEach((m, found) -> declare(rt, name, m, found));
		});
	}

	private static void declare(WorkflowRuntime rt, String beanName, Method m, Set<WorkflowSchedule> found) {
		String where = BeanMethods.describe(beanName, m);
		Workflow workflow = AnnotatedElementUtils.findMergedAnnotation(m, Workflow.class);
		if (workflow == null) {
			throw new WorkflowDefinitionException("@WorkflowSchedule on " + where
					+ " needs @Workflow on the same method: a schedule starts the workflow that method declares");
		}
		String workflowName = workflow.name().isEmpty() ? m.getName() : workflow.name();
		int ordinal = 0;
		for (WorkflowSchedule schedule : found) {
			try {
				rt.schedules().declare(ScheduleSpec.of(workflowName, schedule, ordinal++));
			}
			catch (IllegalArgumentException ex) {
				throw new WorkflowDefinitionException(
						"@WorkflowSchedule on " + where + " is invalid: " + ex.getMessage());
			}
		}
	}

}
