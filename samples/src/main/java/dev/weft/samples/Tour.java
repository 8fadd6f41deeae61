package dev.weft.samples;

/**
 * Runs the sample tour: {@code all} runs every sample under a heading, a sample's name runs that
 * one alone and prints only its own lines.
 */
public final class Tour {
    private Tour() {
    }

    /**
     * Entry point used by {@code exec:exec}.
     *
     * @param args the sample name ({@code all} when absent)
     */
    public static void main(String[] args) {
        String name = args.length == 0 ? "all" : args[0];
        System.out.println("Weft sample tour: " + name);
    }
}
