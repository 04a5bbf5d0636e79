package dev.workflow.spring.boot.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

import dev.workflow.Activity;
import dev.workflow.ActivityContext;
import dev.workflow.ActivityFunction;
import dev.workflow.UnsupportedSignatureException;
import dev.workflow.Workflow;
import dev.workflow.WorkflowContext;
import dev.workflow.WorkflowFunction;
import dev.workflow.WorkflowRuntime;

/**
 * Finds {@link Workflow @Workflow} and {@link Activity @Activity} methods on every singleton bean,
 * proxied ones included (the method is invoked through the proxy, so {@code @Transactional} and
 * other advice apply), and registers them with the runtime. Bad signatures and duplicate names
 * fail startup naming the methods.
 */
final class WorkflowMethodRegistrar implements SmartInitializingSingleton {

	private final ObjectProvider<WorkflowRuntime> runtime;

	private final ListableBeanFactory beanFactory;

	WorkflowMethodRegistrar(ObjectProvider<WorkflowRuntime> runtime, ListableBeanFactory beanFactory) {
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
			Map<Method, Workflow> workflows = MethodIntrospector.selectMethods(target,
					(MethodIntrospector.MetadataLookup<Workflow>) m -> AnnotatedElementUtils.findMergedAnnotation(m,
							Workflow.class));
			Map<Method, Activity> activities = MethodIntrospector.selectMethods(target,
					(MethodIntrospector.MetadataLookup<Activity>) m -> AnnotatedElementUtils.findMergedAnnotation(m,
							Activity.class));
			if (workflows.isEmpty() && activities.isEmpty()) {
				return;
			}
			Object bean = this.beanFactory.getBean(name);
			workflows.forEach((m, a) -> registerWorkflow(rt, bean, name, m, a));
			activities.forEach((m, a) -> registerActivity(rt, bean, name, m, a));
		});
	}

	private static void registerWorkflow(WorkflowRuntime rt, Object bean, String beanName, Method m, Workflow a) {
		Class<?>[] p = m.getParameterTypes();
		if (p.length == 0 || p.length > 2 || p[0] != WorkflowContext.class) {
			throw new UnsupportedSignatureException("@Workflow " + BeanMethods.describe(beanName, m)
					+ " has an unsupported signature; use (WorkflowContext ctx) or (WorkflowContext ctx, I input)");
		}
		Method invocable = AopUtils.selectInvocableMethod(m, bean.getClass());
		Type inputType = p.length == 2 ? m.getGenericParameterTypes()[1] : Void.class;
		String name = a.name().isEmpty() ? m.getName() : a.name();
		WorkflowFunction<Object, Object> fn = (ctx, input) -> invoke(invocable, bean,
				p.length == 2 ? new Object[] { ctx, input } : new Object[] { ctx });
		rt.registerWorkflow(name, a.version().isEmpty() ? null : a.version(), a.latest(), fn, inputType,
				BeanMethods.describe(beanName, m));
	}

	private static void registerActivity(WorkflowRuntime rt, Object bean, String beanName, Method m, Activity a) {
		Class<?>[] p = m.getParameterTypes();
		boolean ctxFirst = p.length > 0 && p[0] == ActivityContext.class;
		int inputIndex = ctxFirst ? (p.length == 2 ? 1 : -1) : (p.length == 1 ? 0 : -1);
		if (p.length > 2 || (p.length == 2 && !ctxFirst)) {
			throw new UnsupportedSignatureException("@Activity " + BeanMethods.describe(beanName, m)
					+ " has an unsupported signature; use (), (I input), (ActivityContext ctx) or (ActivityContext ctx, I input)");
		}
		Method invocable = AopUtils.selectInvocableMethod(m, bean.getClass());
		Type inputType = inputIndex >= 0 ? m.getGenericParameterTypes()[inputIndex] : Void.class;
		String name = a.name().isEmpty() ? m.getName() : a.name();
		ActivityFunction<Object, Object> fn = (ctx, input) -> {
			Object[] args = new Object[p.length];
			if (ctxFirst) {
				args[0] = ctx;
			}
			if (inputIndex >= 0) {
				args[inputIndex] = input;
			}
			return invoke(invocable, bean, args);
		};
		rt.registerActivity(name, fn, inputType, BeanMethods.describe(beanName, m));
	}

	private static Object invoke(Method m, Object bean, Object[] args) throws Exception {
		try {
			m.setAccessible(true);
			return m.invoke(bean, args);
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof Exception e) {
				throw e;
			}
			if (ex.getCause() instanceof Error e) {
				throw e;
			}
			throw ex;
		}
	}

}
