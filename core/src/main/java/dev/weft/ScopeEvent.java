package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

import org.jspecify.annotations.Nullable;

/** JFR event: a scope was cancelled or its deadline expired. */
@Name("dev.weft.Scope")
@Label("Weft Scope")
@Category({"Weft"})
@Description("A Weft scope was cancelled or timed out")
@StackTrace(false)
@Enabled(false)
final class ScopeEvent extends Event {
    @Label("Action")
    @Nullable String action;

    @Label("Scope")
    @Nullable String scope;

    @Label("Reason")
    @Nullable String reason;
}
