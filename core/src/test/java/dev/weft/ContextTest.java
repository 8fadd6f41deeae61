package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

@Timeout(30)
class ContextTest {
    private static final Context.Key<String> USER = Context.key("user");

    @Test
    void valuesAreCopiedToChildrenAtForkAndChildChangesNeverLeakToTheParent() {
        AtomicReference<Optional<String>> inChild = new AtomicReference<>();
        AtomicReference<Optional<String>> inGrandchild = new AtomicReference<>();
        Weft.run(
                () -> {
                    Context.set(USER, "ada");
                    Weft.scope(
                            s ->
                                    s.fork(
                                            () -> {
                                                inChild.set(Context.get(USER));
                                                Context.set(USER, "child-changed");
                                                s.fork(() -> inGrandchild.set(Context.get(USER)))
                                                        .join();
                                            }));
                    assertEquals(
                            Optional.of("ada"),
                            Context.get(USER),
                            "the child's change stays in the child");
                });
        assertEquals(Optional.of("ada"), inChild.get());
        assertEquals(Optional.of("child-changed"), inGrandchild.get());
    }

    @Test
    void withRestoresThePreviousValue() throws Exception {
        assertEquals("in", Context.with(USER, "in", () -> Context.get(USER).orElseThrow()));
        assertTrue(Context.get(USER).isEmpty());
    }

    @Test
    void mdcIsCarriedToChildrenAndChildChangesDoNotLeak() {
        AtomicReference<String> inChild = new AtomicReference<>();
        Weft.run(
                () -> {
                    MDC.put("request", "r-42");
                    try {
                        Weft.scope(
                                s ->
                                        s.fork(
                                                () -> {
                                                    inChild.set(MDC.get("request"));
                                                    MDC.put("request", "changed");
                                                }));
                        assertEquals("r-42", MDC.get("request"));
                    } finally {
                        MDC.remove("request");
                    }
                });
        assertEquals("r-42", inChild.get());
    }
}
