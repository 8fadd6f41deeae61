package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR event: a task started, ended or was cancelled. Off unless a recording enables it by name. */
@Name("dev.weft.Task")
@Label("Weft Task")
@Category({"Weft"})
@Description("A Weft task started, ended or was cancelled")
@StackTrace(false)
@Enabled(false)
final class TaskEvent extends Event {
    @Label("Action")
    String action;

    @Label("Task")
    String task;

    @Label("Scope")
    String scope;

    @Label("Detail")
    String detail;
}
