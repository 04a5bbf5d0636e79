package dev.workflow.spring.boot.test;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import dev.workflow.Activity;
import dev.workflow.DataConverter;
import dev.workflow.Workflow;
import dev.workflow.WorkflowExecutionListener;

/**
 * Keeps, of the scanned components, those a {@link WorkflowTest @WorkflowTest} runs: classes that
 * declare {@link Workflow @Workflow} or {@link Activity @Activity} methods (on themselves or a
 * superclass), listeners and data converters, and the classes the annotation names.
 */
final class WorkflowTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<WorkflowTest> {

	private static final Set<Class<?>> KNOWN_INCLUDES = Set.of(WorkflowExecutionListener.class, DataConverter.class);

	private final Set<Class<?>> components;

	WorkflowTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.components = new LinkedHashSet<>();
		getAnnotation().getValue("components", Class[].class).ifPresent(types -> {
			for (Class<?> type : types) {
				this.components.add(type);
			}
		});
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return KNOWN_INCLUDES;
	}

	@Override
	protected Set<Class<?>> getComponentIncludes() {
		return this.components;
	}

	@Override
	protected boolean defaultInclude(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
		return declaresWorkflowMethods(reader, factory) || super.defaultInclude(reader, factory);
	}

	/** Whether the class or one of its superclasses has a workflow or activity method. */
	private static boolean declaresWorkflowMethods(MetadataReader reader, MetadataReaderFactory factory)
			throws IOException {
		AnnotationMetadata type = reader.getAnnotationMetadata();
		if (type.hasAnnotatedMethods(Workflow.class.getName()) || type.hasAnnotatedMethods(Activity.class.getName())) {
			return true;
		}
		String parent = type.getSuperClassName();
		if (parent == null || parent.startsWith("java.")) {
			return false;
		}
		return declaresWorkflowMethods(factory.getMetadataReader(parent), factory);
	}

}
