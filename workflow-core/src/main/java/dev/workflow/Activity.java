package dev.workflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as an activity: a unit of work a workflow calls with
 * {@link WorkflowContext#callActivity(String, Object, Class)}.
 *
 * <p>Accepted signatures are {@code R m(I input)}, {@code R m(ActivityContext ctx, I input)},
 * {@code R m(ActivityContext ctx)} and {@code R m()}. Activities run at least once: a crash after the
 * method ran but before its result was committed runs it again, so make them idempotent.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Activity {

	/**
	 * The activity's name, used by workflows to call it; defaults to the method name.
	 * @return the name, or an empty string for the method name
	 */
	String name() default "";

}
