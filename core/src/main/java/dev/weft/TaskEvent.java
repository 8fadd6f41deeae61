package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

import org.jspecify.annotations.Nullable;

/** JFR event: a task started, ended or was cancelled. Off unless a recording enables it by name. */
@Name("dev.weft.Task")
@Label("Weft Task")
@Category({"Weft"})
@Description("A Weft task started, ended or was cancelled")
@StackTrace(false)
@Enabled(false)
final class TaskEvent extends Event {
    @Label("Action")
    @Nullable String action;

    @Label("Task")
    @Nullable String task;

    @Label("Scope")
    @Nullable String scope;

    @Label("Detail")
    @Nullable String detail;
}
