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
 * reference parameter in turn (sample values in the others) and checks that each call throws {@link
 * NullPointerException} whose message names the parameter; {@link #checkDurations} does the same
 * with a negative (and, where the rule asks, a zero) {@link java.time.Duration} in each duration
 * parameter. Needs classes compiled with {@code -parameters}. Shared by the bad-input tests of core
 * and io.
 */
public final class NullParameterMatrix {
    private final Map<Class<?>, Object> samples = new HashMap<>();
    private final Map<Class<?>, Supplier<?>> targets = new HashMap<>();
    private final Set<String> nullAllowed = new HashSet<>();

    /** Creates a matrix with samples for common JDK types. */
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
        sample(
                java.util.function.Function.class,
                (java.util.function.Function<Object, Object>) x -> x);
        sample(java.util.function.Consumer.class, (java.util.function.Consumer<Object>) x -> {});
        sample(
                java.util.function.Predicate.class,
                (java.util.function.Predicate<Object>) x -> true);
        sample(
                java.util.concurrent.Callable.class,
                (java.util.concurrent.Callable<Object>) () -> null);
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
     * for constructors; a nested type with its enclosing one, {@code Outer.Inner}).
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
            for (Executable m : members(type, false)) {
                boolean instance = m instanceof Method && !Modifier.isStatic(m.getModifiers());
                Parameter[] params = m.getParameters();
                for (int i = 0; i < params.length; i++) {
                    if (params[i].getType().isPrimitive()) {
                        continue;
                    }
                    String id = id(type, m, params[i]);
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
                    } else if (npe.getMessage() == null
                            || !npe.getMessage().contains(params[i].getName())) {
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

    /**
     * Checks every {@link java.time.Duration} parameter of the public methods and constructors of
     * {@code api} against Weft's duration rule (docs/timeouts.md): called with a negative duration
     * in that parameter (sample values in the others), each throws {@link IllegalArgumentException}
     * with the message {@code "<parameter> is negative: <value>"} before doing anything; each
     * parameter in {@code positive} (named {@code Type.method.parameter}, {@code <init>} for
     * constructors) is a period or a standing limit and also refuses zero with {@code "<parameter>
     * is not positive: PT0S"}. Zero is not tried on the others, since it is a valid value there
     * that would run the call.
     *
     * @param api the types whose public surface is checked
     * @param positive the parameters that must be positive
     * @param notAWait the parameters left out because they carry a measured value, not a wait, a
     *     timeout or a limit (an event's duration)
     * @return the parameters checked, {@code Type.method.parameter}
     * @throws AssertionError listing every parameter that broke the rule, or a name in {@code
     *     positive} or {@code notAWait} that is no duration parameter of {@code api}
     * @throws Exception if reflection fails
     */
    public Set<String> checkDurations(
            List<Class<?>> api, Set<String> positive, Set<String> notAWait) throws Exception {
        java.time.Duration negative = java.time.Duration.ofNanos(-1);
        Set<String> seen = new HashSet<>();
        Set<String> checked = new java.util.TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Class<?> type : api) {
            for (Executable m : members(type, true)) {
                boolean instance = m instanceof Method && !Modifier.isStatic(m.getModifiers());
                Parameter[] params = m.getParameters();
                for (int i = 0; i < params.length; i++) {
                    if (params[i].getType() != java.time.Duration.class) {
                        continue;
                    }
                    String id = id(type, m, params[i]);
                    seen.add(id);
                    if (notAWait.contains(id)) {
                        continue;
                    }
                    if (instance && !targets.containsKey(type)) {
                        problems.add(
                                id
                                        + ": an instance method taking a Duration; give a target for "
                                        + type.getName());
                        continue;
                    }
                    checked.add(id);
                    String name = params[i].getName();
                    expectRefusal(
                            problems,
                            id,
                            m,
                            instance ? targets.get(type).get() : null,
                            args(params, i, negative, id),
                            name + " is negative: " + negative);
                    if (positive.contains(id)) {
                        expectRefusal(
                                problems,
                                id,
                                m,
                                instance ? targets.get(type).get() : null,
                                args(params, i, java.time.Duration.ZERO, id),
                                name + " is not positive: PT0S");
                    }
                }
            }
        }
        for (String p : union(positive, notAWait)) {
            if (!seen.contains(p)) {
                problems.add(p + ": listed, but is no Duration parameter of the API checked");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
        return checked;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private Object[] args(Parameter[] params, int at, Object value, String id) {
        Object[] args = new Object[params.length];
        for (int j = 0; j < params.length; j++) {
            args[j] = j == at ? value : sampleFor(params[j].getType(), id);
        }
        return args;
    }

    private static void expectRefusal(
            List<String> problems,
            String id,
            Executable m,
            Object target,
            Object[] args,
            String message)
            throws Exception {
        Throwable thrown = invoke(m, target, args);
        if (!(thrown instanceof IllegalArgumentException iae)) {
            problems.add(
                    id + ": expected IllegalArgumentException '" + message + "', threw " + thrown);
        } else if (!message.equals(iae.getMessage())) {
            problems.add(id + ": message '" + iae.getMessage() + "', expected '" + message + "'");
        }
    }

    /**
     * The public methods and constructors of {@code type} this matrix calls: not those whose
     * contract is the JDK's (declared in {@code java.*}, {@code equals}, an enum's {@code
     * valueOf}), and instance methods only where a target was given (instance methods of values:
     * their constructors are checked) unless {@code allInstanceMethods}.
     */
    private List<Executable> members(Class<?> type, boolean allInstanceMethods) {
        List<Executable> all = new ArrayList<>(List.of(type.getMethods()));
        all.addAll(List.of(type.getConstructors()));
        List<Executable> out = new ArrayList<>();
        for (Executable m : all) {
            if (m.getDeclaringClass().getName().startsWith("java.")
                    || m.getName().equals("equals")
                    || (type.isEnum() && m.getName().equals("valueOf"))) {
                continue; // Object, Throwable, Record, Iterable and Enum contracts: the JDK's rules
            }
            boolean instance = m instanceof Method && !Modifier.isStatic(m.getModifiers());
            if (instance && !allInstanceMethods && !targets.containsKey(type)) {
                continue;
            }
            out.add(m);
        }
        return out;
    }

    /**
     * {@code Type.method.parameter}; a nested type is named with its enclosing one ({@code
     * TcpServer.Builder}).
     */
    private static String id(Class<?> type, Executable m, Parameter p) {
        String typeName =
                type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
        return typeName
                + "."
                + (m instanceof Constructor<?> ? "<init>" : m.getName())
                + "."
                + p.getName();
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
            throw new AssertionError(
                    "no sample value for "
                            + type.getName()
                            + " (needed by "
                            + where
                            + "): add one");
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
