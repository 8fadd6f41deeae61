package com.example;

import dev.weft.Weft;
import dev.weft.io.files.TempPath;
import dev.weft.io.files.WeftFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The starter's program: writes one small file per name, all at once, then reads them back
 * concurrently with a deadline, each call on its own virtual thread. Replace it with your own.
 */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    public static void main(String[] args) throws IOException {
        List<String> names = args.length > 0 ? List.of(args) : List.of("alpha", "beta", "gamma");
        try (TempPath dir = WeftFiles.tempDirectory("weft-starter-")) {
            List<Long> sizes = Weft.run(() -> {
                Weft.forEach(names, names.size(), name -> WeftFiles.writeString(file(dir, name), ("hello " + name + "\n").repeat(3)));
                return Weft.withTimeout(Duration.ofSeconds(5),
                        () -> Weft.map(names, names.size(), name -> (long) WeftFiles.readAllBytes(file(dir, name)).length));
            });
            LOG.info("wrote and read back {} files in {}", names.size(), dir.path());
            List<String> report = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                report.add(names.get(i) + ".txt (" + sizes.get(i) + " bytes)");
            }
            System.out.println("Weft starter: wrote and read back " + String.join(", ", report) + ", all at once");
        }
    }

    private static Path file(TempPath dir, String name) {
        return dir.path().resolve(name + ".txt");
    }
}
