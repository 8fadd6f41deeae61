package dev.weft.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Calls every public method and constructor of a list of API types with {@code null} in each
 * reference parameter in turn (sample values in the others) and checks that each call throws
 * {@link NullPointerException} whose message names the parameter. Needs classes compiled with
 * {@code -parameters}. Shared by the bad-input tests of core and io.
 */
public final class NullParameterMatrix {
    private final Map<Class<?>, Object> samples = new HashMap<>();
    private final Map<Class<?>, Supplier<?>> targets = new HashMap<>();
    private final Set<String> nullAllowed = new HashSet<>();

    /**
     * Creates a matrix with samples for common JDK types.
     */
    public NullParameterMatrix() {
        sample(String.class, "x");
        sample(Object.class, "x");
        sample(java.util.Collection.class, List.of());
        sample(List.class, List.of());
        sample(Set.class, Set.of());
        sample(Map.class, Map.of());
        sample(java.time.Duration.class, java.time.Duration.ofMillis(1));
        sample(Class.class, Exception.class);
        sample(Throwable.class, new RuntimeException("x"));
        sample(Exception.class, new Exception("x"));
        sample(Supplier.class, (Supplier<Object>) () -> "x");
        sample(java.util.function.Function.class, (java.util.function.Function<Object, Object>) x -> x);
        sample(java.util.function.Consumer.class, (java.util.function.Consumer<Object>) x -> { });
        sample(java.util.function.Predicate.class, (java.util.function.Predicate<Object>) x -> true);
        sample(java.util.concurrent.Callable.class, (java.util.concurrent.Callable<Object>) () -> null);
    }

    /**
     * Uses {@code value} wherever a parameter of exactly {@code type} needs a non-null value.
     *
     * @param type the parameter type
     * @param value the sample
     * @return this
     */
    public NullParameterMatrix sample(Class<?> type, Object value) {
        samples.put(type, value);
        return this;
    }

    /**
     * Checks instance methods of {@code type} on instances from {@code instance}.
     *
     * @param type the API type
     * @param instance makes a fresh receiver
     * @return this
     */
    public NullParameterMatrix target(Class<?> type, Supplier<?> instance) {
        targets.put(type, instance);
        return this;
    }

    /**
     * Accepts null for a parameter by contract, named {@code Type.method.parameter} ({@code <init>}
     * for constructors).
     *
     * @param id the parameter
     * @return this
     */
    public NullParameterMatrix allowNull(String id) {
        nullAllowed.add(id);
        return this;
    }

    /**
     * Runs the matrix.
     *
     * @param api the types whose public surface is checked
     * @return how many parameters were checked
     * @throws AssertionError listing every parameter that was not rejected by name
     * @throws Exception if reflection fails
     */
    public int check(List<Class<?>> api) throws Exception {
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (Class<?> type : api) {
            List<Executable> members = new ArrayList<>(List.of(type.getMethods()));
            members.addAll(List.of(type.getConstructors()));
            for (Executable m : members) {
                if (m.getDeclaringClass().getName().startsWith("java.") || m.getName().equals("equals")) {
                    continue; // Object, Throwable, Record, Iterable contracts: the JDK's rules
                }
                boolean instance = m instanceof Method && !Modifier.isStatic(m.getModifiers());
                if (instance && !targets.containsKey(type)) {
                    continue; // instance methods of values: their constructors are checked
                }
                Parameter[] params = m.getParameters();
                for (int i = 0; i < params.length; i++) {
                    if (params[i].getType().isPrimitive()) {
                        continue;
                    }
                    String id = type.getSimpleName() + "." + (m instanceof Constructor<?> ? "<init>" : m.getName())
                            + "." + params[i].getName();
                    if (nullAllowed.contains(id)) {
                        continue;
                    }
                    Object[] args = new Object[params.length];
                    for (int j = 0; j < params.length; j++) {
                        args[j] = j == i ? null : sampleFor(params[j].getType(), id);
                    }
                    checked++;
                    Throwable thrown = invoke(m, instance ? targets.get(type).get() : null, args);
                    if (!(thrown instanceof NullPointerException npe)) {
                        problems.add(id + ": threw " + thrown);
                    } else if (npe.getMessage() == null || !npe.getMessage().contains(params[i].getName())) {
                        problems.add(id + ": message '" + npe.getMessage() + "' does not name it");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
        return checked;
    }

    private Object sampleFor(Class<?> type, String where) {
        if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        if (type == int.class || type == long.class) {
            return type == int.class ? (Object) 1 : (Object) 1L;
        }
        if (type == boolean.class) {
            return false;
        }
        if (!samples.containsKey(type)) {
            throw new AssertionError("no sample value for " + type.getName() + " (needed by " + where + "): add one");
        }
        return samples.get(type);
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
}
