package dev.workflow.spring.boot.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import dev.workflow.Activity;
import dev.workflow.ActivityContext;
import dev.workflow.Workflow;
import dev.workflow.WorkflowContext;

/**
 * At build time (Spring AOT), finds the {@link Workflow @Workflow} and {@link Activity @Activity}
 * methods of every bean and registers what a native image needs to run them: the methods for
 * reflective invocation (the runtime calls them through {@link Method#invoke}), and their parameter
 * and return types for JSON binding, since inputs and outputs are read and written by Jackson.
 */
final class WorkflowBeanMethodsAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
		Set<Method> methods = new LinkedHashSet<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			if (beanFactory.getBeanDefinition(name).isAbstract()) {
				continue;
			}
			Class<?> type;
			try {
				type = beanFactory.getType(name, false);
			}
			catch (BeansException ex) {
				// a bean whose type cannot be predicted at build time has no methods to find here; its
				// own failure, if any, is for the context to report
				continue;
			}
			if (type != null) {
				methods.addAll(workflowAndActivityMethods(ClassUtils.getUserClass(type)));
			}
		}
		if (methods.isEmpty()) {
			return null;
		}
		List<Method> found = new ArrayList<>(methods);
		return (generationContext, code) -> register(generationContext.getRuntimeHints().reflection(), found);
	}

	/** The methods of a bean class the workflow runtime registers. */
	static Set<Method> workflowAndActivityMethods(Class<?> type) {
		Set<Method> methods = new LinkedHashSet<>();
		methods.addAll(MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<Workflow>) m -> AnnotatedElementUtils.findMergedAnnotation(m,
						Workflow.class))
			.keySet());
		methods.addAll(MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<Activity>) m -> AnnotatedElementUtils.findMergedAnnotation(m,
						Activity.class))
			.keySet());
		return methods;
	}

	static void register(ReflectionHints reflection, List<Method> methods) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		for (Method method : methods) {
			reflection.registerMethod(method, ExecutableMode.INVOKE);
			List<Type> payloads = new ArrayList<>();
			Type[] parameters = method.getGenericParameterTypes();
			Class<?>[] raw = method.getParameterTypes();
			for (int i = 0; i < parameters.length; i++) {
				// the contexts are the runtime's own objects, never bound from JSON
				if (raw[i] != WorkflowContext.class && raw[i] != ActivityContext.class) {
					payloads.add(parameters[i]);
				}
			}
			if (method.getReturnType() != void.class) {
				payloads.add(method.getGenericReturnType());
			}
			binding.registerReflectionHints(reflection, payloads.toArray(new Type[0]));
		}
	}

}
