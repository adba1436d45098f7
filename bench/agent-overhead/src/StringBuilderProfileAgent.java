import java.lang.instrument.Instrumentation;

/**
 * run.sh's config S: an agent that does no work but build strings in its premain, as many as Vigil's start-up makes
 * JDK code build on its behalf. Options: builders=N (1000) and grow=true|false (true). Each builder makes 4
 * AbstractStringBuilder.ensureCapacityInternal calls; with grow the third outgrows the default 16 chars (1 of 4 calls
 * grows the array, like the agent's 24-27 %), without it the builder is presized. The question it answers: does the
 * JIT profile a start-up leaves in StringBuilder cost the host, with nothing else of an agent (BENCHMARKS.md, run 15)?
 */
public final class StringBuilderProfileAgent {
    public static volatile int sink;

    public static void premain(String options, Instrumentation instrumentation) {
        int builders = 1000;
        boolean grow = true;
        if (options != null) {
            for (String kv : options.split(",")) {
                if (kv.startsWith("builders=")) builders = Integer.parseInt(kv.substring(9));
                if (kv.equals("grow=false")) grow = false;
            }
        }
        int total = 0;
        for (int i = 0; i < builders; i++) {
            StringBuilder b = grow ? new StringBuilder() : new StringBuilder(64);
            String s = b.append("vigil.").append("ClassName").append(100 + i).append(".class").toString();
            total += s.length();
        }
        sink = total;
    }
}
