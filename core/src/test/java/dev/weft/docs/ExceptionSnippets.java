package dev.weft.docs;

import dev.weft.Outcome;
import dev.weft.TaskFailedException;
import dev.weft.Weft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Code quoted by docs/exceptions.md; {@code DocExamplesTest} runs it. */
final class ExceptionSnippets {
    private ExceptionSnippets() {}

    // region own-type
    static String firstFailureAsItself() {
        try {
            Weft.gather(
                    () -> Integer.parseInt("42"),
                    () -> Integer.parseInt("forty-two")); // throws NumberFormatException
            return "parsed";
        } catch (NumberFormatException e) { // caught as its own type, like except ValueError
            return "bad number: " + e.getMessage();
        }
    }

    // endregion

    // region checked
    static List<String> readBoth(Path a, Path b) throws IOException {
        try {
            return Weft.gather(() -> Files.readString(a), () -> Files.readString(b));
        } catch (TaskFailedException e) {
            e.rethrowIf(IOException.class); // the checked exception, unwrapped
            throw e;
        }
    }

    // endregion

    // region settled
    static void report(List<Path> files) {
        List<Callable<String>> reads =
                files.stream().<Callable<String>>map(f -> () -> Files.readString(f)).toList();
        List<Outcome<String>> outcomes = Weft.gatherSettled(reads); // never throws for a task
        for (int i = 0; i < files.size(); i++) {
            String line =
                    switch (outcomes.get(i)) {
                        case Outcome.Success<String>(var text) -> text.length() + " chars";
                        case Outcome.Failure<String>(var error) -> "failed: " + error;
                        case Outcome.Cancelled<String>(var reason) -> "cancelled: " + reason;
                    };
            System.out.println(files.get(i) + ": " + line);
        }
    }
    // endregion
}
