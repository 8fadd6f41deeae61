package dev.weft.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Fails a test that leaves a Weft task, scope or virtual clock behind: after each test, no scope
 * may be open, no task alive, and the test's thread may not be left with a {@link VirtualClock}
 * installed. The failure names each leaked scope with its live tasks and where each task's thread
 * is (the call and the line); what leaked is then cancelled and waited for, so the next test starts
 * clean. See {@link NoLeakedTasksExtension}.
 *
 * <pre>{@code
 * @NoLeakedTasks
 * class OrderServiceTest { ... }
 * }</pre>
 *
 * <p>Scopes close synchronously, so the check needs no grace period. It looks at every Weft scope
 * of the JVM: with JUnit's parallel execution, run the classes that use it in the same thread (for
 * example with {@code @Execution(SAME_THREAD)} or a shared {@code @ResourceLock}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NoLeakedTasksExtension.class)
// JUnit's types in this API are JUnit's contract: whoever registers it has JUnit (an optional
// dependency of this module, which therefore does not require it transitively).
@SuppressWarnings("exports")
public @interface NoLeakedTasks {}
