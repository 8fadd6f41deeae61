package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testing.NullParameterMatrix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

/**
 * The bad-input matrix of the core API: every public method and constructor, called with {@code
 * null} in each reference parameter, throws {@link NullPointerException} naming that parameter and
 * never hangs; plus closed scopes, wrong states and bad numbers.
 */
@Timeout(60)
class BadInputTest {
    private static final Context.Key<String> KEY = Context.key("k");

    /** Classes whose public surface is checked. Types added to the API must be added here. */
    private static final List<Class<?>> API =
            List.of(
                    Weft.class,
                    Scope.class,
                    Task.class,
                    ScopeOptions.class,
                    Context.class,
                    TaskTree.class,
                    Outcome.Failure.class,
                    Outcome.Cancelled.class,
                    WaitResult.class,
                    CancelledException.class,
                    TaskFailedException.class,
                    TaskGroupException.class,
                    Channel.class,
                    Select.class,
                    Limiter.class,
                    Event.class,
                    ChannelClosedException.class,
                    ChannelFailedException.class,
                    ChannelResult.Value.class,
                    ChannelResult.Failed.class,
                    Generator.class,
                    Flows.class);

    /** Parameters that accept null by contract. */
    private static final List<String> NULL_ALLOWED =
            List.of(
                    "ScopeOptions.<init>.timeout", "CancelledException.<init>.cause",
                    "DeadlineExceededException.<init>.cause",
                            "DeadlineExceededException.<init>.timeout",
                    "TaskFailedException.<init>.message", "TaskGroupException.<init>.message",
                    "DeadlineExceededException.<init>.message",
                            "ChannelClosedException.<init>.message",
                    "ChannelClosedException.<init>.cause", "ChannelFailedException.<init>.message");

    @Test
    void everyReferenceParameterRejectsNullByName() throws Exception {
        int checked;
        try (Scope scope = Scope.open()) {
            Task<Integer> task = scope.fork(() -> 1);
            task.join();
            NullParameterMatrix matrix =
                    new NullParameterMatrix()
                            .sample(CheckedRunnable.class, (CheckedRunnable) () -> {})
                            .sample(CheckedFunction.class, (CheckedFunction<Object, Object>) x -> x)
                            .sample(CheckedConsumer.class, (CheckedConsumer<Object>) x -> {})
                            .sample(Scope.Body.class, (Scope.Body) s -> {})
                            .sample(Scope.ValueBody.class, (Scope.ValueBody<Object>) s -> null)
                            .sample(ScopeOptions.class, ScopeOptions.defaults())
                            .sample(FailurePolicy.class, FailurePolicy.FAIL_FAST)
                            .sample(WaitMode.class, WaitMode.ALL_COMPLETED)
                            .sample(Context.Key.class, KEY)
                            .sample(CancelledException.class, new CancelledException("x"))
                            .sample(Scope.class, scope)
                            .sample(Task.class, task)
                            .sample(Channel.class, Channel.unbounded())
                            .sample(SelectClause.class, Select.orElse(() -> "x"))
                            .sample(Limiter.class, new Limiter(1))
                            .sample(
                                    java.util.concurrent.CompletionStage.class,
                                    java.util.concurrent.CompletableFuture.completedFuture("x"))
                            .sample(
                                    java.util.concurrent.Flow.Publisher.class,
                                    (java.util.concurrent.Flow.Publisher<Object>) sub -> {})
                            .target(Scope.class, () -> scope)
                            .target(Task.class, () -> task)
                            .target(Channel.class, Channel::unbounded)
                            .target(Limiter.class, () -> new Limiter(1))
                            .target(Event.class, Event::new);
            NULL_ALLOWED.forEach(matrix::allowNull);
            checked = matrix.check(API);
            scope.join();
        }
        System.out.println("bad-input matrix: " + checked + " null parameters checked");
        assertTrue(checked > 60, "checked only " + checked + " parameters");
    }

    @Test
    void wrongStatesFailClearly() {
        Scope closed = Scope.open();
        closed.close();
        assertTrue(
                assertThrows(IllegalStateException.class, () -> closed.fork(() -> 1))
                        .getMessage()
                        .contains("closed"));
        assertThrows(IllegalStateException.class, closed::join);
        try (Scope s = Scope.open()) {
            Task<Integer> running =
                    s.fork(
                            () -> {
                                Weft.sleep(Duration.ofHours(1));
                                return 1;
                            });
            assertTrue(
                    assertThrows(IllegalStateException.class, running::resultNow)
                            .getMessage()
                            .contains("RUNNING"));
            assertThrows(IllegalStateException.class, running::exceptionNow);
            assertThrows(IllegalStateException.class, running::outcome);
            s.cancel();
        }
        assertThrows(IllegalStateException.class, () -> Weft.fork(() -> 1));
    }

    @Test
    void badNumbersAndEmptyInputsAreRejectedByName() {
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Weft.sleep(Duration.ofSeconds(-1)))
                        .getMessage()
                        .contains("duration"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Weft.map(List.of(1), -3, x -> x))
                        .getMessage()
                        .contains("concurrency"));
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Weft.race(List.of()))
                        .getMessage()
                        .contains("callables"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ScopeOptions.defaults().withName(" "))
                        .getMessage()
                        .contains("name"));
        assertThrows(
                IllegalArgumentException.class, () -> new TaskGroupException("none", List.of()));
        assertEquals(List.of(), Weft.map(List.of(), 3, x -> x));
    }
}
