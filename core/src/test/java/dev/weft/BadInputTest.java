package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bad-input matrix of the core API: every public method and constructor, called with
 * {@code null} in each reference parameter, throws {@link NullPointerException} naming that
 * parameter and never hangs; plus closed scopes, wrong states and bad numbers.
 */
@Timeout(60)
class BadInputTest {
    private static final Context.Key<String> KEY = Context.key("k");

    /** Classes whose public surface is checked. Types added to the API must be added here. */
    private static final List<Class<?>> API = List.of(Weft.class, Scope.class, Task.class, ScopeOptions.class,
            Context.class, TaskTree.class, Outcome.Failure.class, Outcome.Cancelled.class, WaitResult.class,
            CancelledException.class, TaskFailedException.class, TaskGroupException.class,
            Channel.class, Select.class, Limiter.class, Event.class, ChannelClosedException.class,
            ChannelFailedException.class);

    /** Parameters that accept null by contract. */
    private static final List<String> NULL_ALLOWED = List.of(
            "ScopeOptions.<init>.timeout", "CancelledException.<init>.cause",
            "DeadlineExceededException.<init>.cause", "DeadlineExceededException.<init>.timeout",
            "TaskFailedException.<init>.message", "TaskGroupException.<init>.message",
            "DeadlineExceededException.<init>.message", "ChannelClosedException.<init>.message",
            "ChannelClosedException.<init>.cause", "ChannelFailedException.<init>.message");

    private static Object sample(Class<?> type, Scope scope, Task<?> task) {
        Map<Class<?>, Object> samples = new HashMap<>();
        samples.put(Callable.class, (Callable<Object>) () -> null);
        samples.put(CheckedRunnable.class, (CheckedRunnable) () -> { });
        samples.put(CheckedFunction.class, (CheckedFunction<Object, Object>) x -> x);
        samples.put(CheckedConsumer.class, (CheckedConsumer<Object>) x -> { });
        samples.put(Scope.Body.class, (Scope.Body) s -> { });
        samples.put(Consumer.class, (Consumer<Object>) x -> { });
        samples.put(Duration.class, Duration.ofMillis(1));
        samples.put(String.class, "x");
        samples.put(Object.class, "x");
        samples.put(Collection.class, List.of());
        samples.put(List.class, List.of());
        samples.put(java.util.Set.class, java.util.Set.of());
        samples.put(ScopeOptions.class, ScopeOptions.defaults());
        samples.put(FailurePolicy.class, FailurePolicy.FAIL_FAST);
        samples.put(WaitMode.class, WaitMode.ALL_COMPLETED);
        samples.put(Context.Key.class, KEY);
        samples.put(Class.class, Exception.class);
        samples.put(Throwable.class, new RuntimeException("x"));
        samples.put(Exception.class, new Exception("x"));
        samples.put(CancelledException.class, new CancelledException("x"));
        samples.put(Scope.class, scope);
        samples.put(Task.class, task);
        samples.put(Channel.class, Channel.unbounded());
        samples.put(java.util.function.Supplier.class, (java.util.function.Supplier<Object>) () -> "x");
        samples.put(java.util.function.Function.class, (java.util.function.Function<Object, Object>) x -> x);
        samples.put(SelectClause.class, Select.orElse(() -> "x"));
        if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        if (type == int.class) {
            return 1;
        }
        if (type == boolean.class) {
            return false;
        }
        if (!samples.containsKey(type)) {
            fail("no sample value for parameter type " + type.getName() + ": add one");
        }
        return samples.get(type);
    }

    @Test
    void everyReferenceParameterRejectsNullByName() throws Exception {
        int checked = 0;
        List<String> problems = new ArrayList<>();
        try (Scope scope = Scope.open()) {
            Task<Integer> task = scope.fork(() -> 1);
            task.join();
            for (Class<?> type : API) {
                List<Executable> members = new ArrayList<>(List.of(type.getMethods()));
                members.addAll(List.of(type.getConstructors()));
                for (Executable m : members) {
                    if (m.getDeclaringClass().getName().startsWith("java.")) {
                        continue; // Object, Throwable, Record, Iterable defaults: the JDK's contracts
                    }
                    Object target = Modifier.isStatic(m.getModifiers()) || m instanceof Constructor<?> ? null
                            : type == Scope.class ? scope : type == Task.class ? task
                            : type == Channel.class ? Channel.unbounded() : type == Limiter.class ? new Limiter(1)
                            : type == Event.class ? new Event() : null;
                    if (!(m instanceof Constructor<?>) && !Modifier.isStatic(m.getModifiers()) && target == null) {
                        continue; // instance methods of values: their constructors are checked
                    }
                    Parameter[] params = m.getParameters();
                    for (int i = 0; i < params.length; i++) {
                        if (params[i].getType().isPrimitive()) {
                            continue;
                        }
                        String id = type.getSimpleName() + "." + (m instanceof Constructor<?> ? "<init>" : m.getName())
                                + "." + params[i].getName();
                        if (NULL_ALLOWED.contains(id)) {
                            continue;
                        }
                        Object[] args = new Object[params.length];
                        for (int j = 0; j < params.length; j++) {
                            args[j] = j == i ? null : sample(params[j].getType(), scope, task);
                        }
                        checked++;
                        Throwable thrown = invoke(m, target, args);
                        if (!(thrown instanceof NullPointerException npe)) {
                            problems.add(id + ": threw " + thrown);
                        } else if (npe.getMessage() == null || !npe.getMessage().contains(params[i].getName())) {
                            problems.add(id + ": message '" + npe.getMessage() + "' does not name it");
                        }
                    }
                }
            }
            scope.join();
        }
        System.out.println("bad-input matrix: " + checked + " null parameters checked");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(checked > 60, "checked only " + checked + " parameters");
    }

    private static Throwable invoke(Executable m, Object target, Object[] args) throws Exception {
        try {
            if (m instanceof Method method) {
                method.invoke(target, args);
            } else {
                ((Constructor<?>) m).newInstance(args);
            }
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause();
        }
    }

    @Test
    void wrongStatesFailClearly() {
        Scope closed = Scope.open();
        closed.close();
        assertTrue(assertThrows(IllegalStateException.class, () -> closed.fork(() -> 1)).getMessage().contains("closed"));
        assertThrows(IllegalStateException.class, closed::join);
        try (Scope s = Scope.open()) {
            Task<Integer> running = s.fork(() -> {
                Weft.sleep(Duration.ofHours(1));
                return 1;
            });
            assertTrue(assertThrows(IllegalStateException.class, running::resultNow).getMessage().contains("RUNNING"));
            assertThrows(IllegalStateException.class, running::exceptionNow);
            assertThrows(IllegalStateException.class, running::outcome);
            s.cancel();
        }
        assertThrows(IllegalStateException.class, () -> Weft.fork(() -> 1));
        assertThrows(IllegalStateException.class, () -> Weft.shield(() -> 1));
    }

    @Test
    void badNumbersAndEmptyInputsAreRejectedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Weft.sleep(Duration.ofSeconds(-1)))
                .getMessage().contains("duration"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Weft.map(List.of(1), -3, x -> x))
                .getMessage().contains("concurrency"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Weft.race(List.of()))
                .getMessage().contains("callables"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ScopeOptions.defaults().withName(" "))
                .getMessage().contains("name"));
        assertInstanceOf(DeadlineExceededException.class,
                assertThrows(RuntimeException.class, () -> Weft.withTimeout(Duration.ofSeconds(-5), () -> 1)));
        assertThrows(IllegalArgumentException.class, () -> new TaskGroupException("none", List.of()));
        assertEquals(List.of(), Weft.map(List.of(), 3, x -> x));
        assertFalse(Weft.withTimeoutOrEmpty(Duration.ofSeconds(-1), () -> 1).isPresent());
    }
}
