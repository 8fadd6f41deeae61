package dev.weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The live tree of every open scope and running task in this JVM: asyncio's {@code ps} and {@code
 * pstree}, in one call and without a debugger.
 *
 * <pre>{@code
 * System.err.println(TaskTree.render());
 * // scope 'run' open 1.204s owner=main
 * // └─ task 'main' RUNNING 1.203s thread=#31 joining scope 'crawl'
 * //    └─ scope 'crawl' cancelled("deadline ...") 0.500s owner=main
 * //       ├─ task 'crawl-1' RUNNING 0.499s thread=#35
 * //       └─ task 'crawl-2' RUNNING 0.499s thread=#36
 * }</pre>
 *
 * <p>The same tree is available as data ({@link #snapshot()}) for tests and tools, and from outside
 * the process through the JMX MBean {@code dev.weft:type=TaskTree} (see {@link #registerMBean()}).
 * Fork sites are recorded only in debug mode ({@link #setDebug(boolean)} or {@code
 * -Dweft.debug=true}).
 *
 * <p>A snapshot is taken without stopping anything and without taking any scope's lock: each
 * scope's running tasks are copied as they are at that moment, and every state, age and reason is
 * read on its own, so a task that starts or ends meanwhile may or may not appear, and the tree is
 * not one consistent instant, not even per scope. Nothing here blocks on tasks or is a cancellation
 * point. All methods are thread-safe; record components are never null.
 */
public final class TaskTree {
    private TaskTree() {}

    /**
     * A scope in the tree.
     *
     * @param name the scope's name
     * @param state {@code "open"}, {@code "cancelled"} or {@code "closed"}
     * @param age time since the scope opened
     * @param owner the name of the owner thread
     * @param cancelReason why it was cancelled, if it was
     * @param tasks its running tasks, oldest first
     * @param nested the scope its owner opened inside it, if any
     */
    public record ScopeInfo(
            String name,
            String state,
            Duration age,
            String owner,
            Optional<String> cancelReason,
            List<TaskInfo> tasks,
            Optional<ScopeInfo> nested) {}

    /**
     * A task in the tree.
     *
     * @param name the task's name
     * @param state its state
     * @param age time since it was forked, in debug mode (a fork records its time only then, as it
     *     records its fork site); empty otherwise
     * @param thread its thread's id and name, e.g. {@code "#35 fetch-home"}, or only its id when
     *     the thread is unnamed (a task not named at fork, outside debug mode), e.g. {@code "#36"}
     * @param cancelReason why it was cancelled, if it was
     * @param joining what its thread is blocked joining, e.g. {@code "task 'crawl-2'"}
     * @param forkSite where it was forked, in debug mode
     * @param scopes the scopes it has opened (outermost; nested ones hang below)
     */
    public record TaskInfo(
            String name,
            Task.State state,
            Optional<Duration> age,
            String thread,
            Optional<String> cancelReason,
            Optional<String> joining,
            Optional<List<StackTraceElement>> forkSite,
            List<ScopeInfo> scopes) {}

    /**
     * Returns the tree as data: one entry per root scope (a scope opened outside any task or other
     * scope, such as the one of {@link Weft#run}), oldest first.
     *
     * @return the roots
     */
    public static List<ScopeInfo> snapshot() {
        List<ScopeImpl> roots = new ArrayList<>(ScopeImpl.ROOTS);
        roots.sort(Comparator.comparingLong(s -> s.openNanos));
        List<ScopeInfo> result = new ArrayList<>(roots.size());
        for (ScopeImpl s : roots) {
            result.add(describe(s, 0));
        }
        return result;
    }

    private static ScopeInfo describe(ScopeImpl s, int depth) {
        List<TaskInfo> tasks = new ArrayList<>();
        List<TaskImpl<?>> running = s.runningTasks();
        running.sort((a, b) -> Integer.compareUnsigned(a.seq, b.seq));
        for (TaskImpl<?> t : running) {
            tasks.add(describe(t, depth + 1));
        }
        ScopeImpl inner = s.innerOwned;
        String state = s.isClosed() ? "closed" : s.isCancelled() ? "cancelled" : "open";
        return new ScopeInfo(
                s.name(),
                state,
                Duration.ofNanos(s.ageNanos()),
                s.owner.getName(),
                Optional.ofNullable(s.cancelReasonOrNull()),
                List.copyOf(tasks),
                inner != null && depth < 1000
                        ? Optional.of(describe(inner, depth + 1))
                        : Optional.empty());
    }

    private static TaskInfo describe(TaskImpl<?> t, int depth) {
        Thread th = t.thread;
        Object awaiting = t.awaiting;
        String joining =
                awaiting instanceof TaskImpl<?> other
                        ? "task '" + other.name() + "'"
                        : awaiting instanceof ScopeImpl sc ? "scope '" + sc.name() + "'" : null;
        ScopeImpl bottom = t.bottomScope;
        List<ScopeInfo> scopes =
                bottom != null && depth < 1000 ? List.of(describe(bottom, depth + 1)) : List.of();
        Optional<List<StackTraceElement>> site =
                t.forkSite == null
                        ? Optional.empty()
                        : Optional.of(List.of(t.forkSite.getStackTrace()));
        long age = t.ageNanos();
        return new TaskInfo(
                t.name(),
                t.state(),
                age < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(age)),
                th == null
                        ? "-"
                        : th.getName().isEmpty()
                                ? "#" + th.threadId()
                                : "#" + th.threadId() + " " + th.getName(),
                t.cancellationReason(),
                Optional.ofNullable(joining),
                site,
                scopes);
    }

    /**
     * Returns the tree as readable text, one line per scope and task, like {@code pstree}.
     *
     * @return the rendering; {@code "(no open scopes)"} when there is none
     */
    public static String render() {
        return render(snapshot());
    }

    /**
     * Renders a snapshot as text.
     *
     * @param roots a snapshot from {@link #snapshot()}
     * @return the rendering
     * @throws NullPointerException if {@code roots} is null
     */
    public static String render(List<ScopeInfo> roots) {
        Objects.requireNonNull(roots, "roots");
        if (roots.isEmpty()) {
            return "(no open scopes)\n";
        }
        StringBuilder sb = new StringBuilder();
        for (ScopeInfo s : roots) {
            renderScope(sb, s, "", "");
        }
        return sb.toString();
    }

    private static void renderScope(StringBuilder sb, ScopeInfo s, String lead, String indent) {
        sb.append(lead).append("scope '").append(s.name()).append("' ").append(s.state());
        s.cancelReason().ifPresent(r -> sb.append("(\"").append(r).append("\")"));
        sb.append(' ').append(seconds(s.age())).append(" owner=").append(s.owner()).append('\n');
        List<Object> children = new ArrayList<>(s.tasks());
        s.nested().ifPresent(children::add);
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            String childLead = indent + (last ? "└─ " : "├─ ");
            String childIndent = indent + (last ? "   " : "│  ");
            if (children.get(i) instanceof TaskInfo t) {
                renderTask(sb, t, childLead, childIndent);
            } else {
                renderScope(sb, (ScopeInfo) children.get(i), childLead, childIndent);
            }
        }
    }

    private static void renderTask(StringBuilder sb, TaskInfo t, String lead, String indent) {
        sb.append(lead).append("task '").append(t.name()).append("' ").append(t.state());
        t.cancelReason().ifPresent(r -> sb.append(" cancelled(\"").append(r).append("\")"));
        t.age().ifPresent(a -> sb.append(' ').append(seconds(a)));
        sb.append(" thread=").append(t.thread());
        t.joining().ifPresent(j -> sb.append(" joining ").append(j));
        sb.append('\n');
        t.forkSite()
                .ifPresent(
                        site -> {
                            StackTraceElement e = Debug.userFrame(site);
                            if (e != null) {
                                sb.append(indent).append("   forked at ").append(e).append('\n');
                            }
                        });
        for (int i = 0; i < t.scopes().size(); i++) {
            boolean last = i == t.scopes().size() - 1;
            renderScope(
                    sb,
                    t.scopes().get(i),
                    indent + (last ? "└─ " : "├─ "),
                    indent + (last ? "   " : "│  "));
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3fs", d.toNanos() / 1e9);
    }

    /**
     * Switches debug mode on or off for tasks forked from now on: fork sites are recorded (shown in
     * the tree, attached to never-retrieved warnings), a task still running a while after it was
     * cancelled is reported at WARN with its stack (it may be swallowing interruption), and a scope
     * whose close or join waits long for tasks that ignore cancellation names them at WARN. Also
     * switched on at start-up by {@code -Dweft.debug=true}. Off by default: then a fork pays one
     * volatile read.
     *
     * @param on whether debug mode is on
     */
    public static void setDebug(boolean on) {
        Debug.enable(on);
    }

    /**
     * Returns whether debug mode is on.
     *
     * @return {@code true} if fork sites are being recorded
     */
    public static boolean isDebug() {
        return Debug.enabled();
    }

    /**
     * Registers the MBean {@code dev.weft:type=TaskTree}, whose operation {@code render} returns
     * {@link #render()}, so the tree of a running JVM can be read with JConsole, VisualVM or any
     * JMX client without code changes. Done automatically at the first scope when the JVM was
     * started with {@code -Dweft.jmx=true} or {@code -Dweft.debug=true}. Idempotent.
     *
     * @throws IllegalStateException if the platform MBean server refuses the registration
     */
    public static void registerMBean() {
        TaskTreeMBeanImpl.register();
    }
}
