package dev.weft.samples;

import dev.weft.Task;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-kept tree of the tasks a demo forks, printable like {@code pstree}: each node is a
 * scope (no task) or a task with its current state. Thread safe: tasks add their children while
 * others print.
 */
final class TaskTreeView {
    private final String name;
    private final Task<?> task;
    private final List<TaskTreeView> children = new CopyOnWriteArrayList<>();

    private TaskTreeView(String name, Task<?> task) {
        this.name = name;
        this.task = task;
    }

    /** A root node standing for a scope. */
    static TaskTreeView scope(String name) {
        return new TaskTreeView(name, null);
    }

    /** Attaches an existing node (a scope this node's task opened) under this node; returns this node. */
    TaskTreeView attach(TaskTreeView child) {
        children.add(child);
        return this;
    }

    /** Adds a node for a task forked under this node, and returns it. */
    TaskTreeView add(Task<?> child) {
        TaskTreeView node = new TaskTreeView(child.name(), child);
        children.add(node);
        return node;
    }

    /** Renders the tree, one node a line, with each task's current state. */
    String render() {
        StringBuilder sb = new StringBuilder(label()).append('\n');
        renderChildren(sb, "");
        return sb.toString();
    }

    private void renderChildren(StringBuilder sb, String indent) {
        for (int i = 0; i < children.size(); i++) {
            boolean last = i == children.size() - 1;
            TaskTreeView c = children.get(i);
            sb.append(indent).append(last ? "`-- " : "+-- ").append(c.label()).append('\n');
            c.renderChildren(sb, indent + (last ? "    " : "|   "));
        }
    }

    private String label() {
        return task == null ? name + " (scope)" : name + " " + task.state();
    }
}
