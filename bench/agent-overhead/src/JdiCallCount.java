import com.sun.jdi.*;
import com.sun.jdi.connect.*;
import com.sun.jdi.event.*;
import com.sun.jdi.request.*;
import java.util.*;

/**
 * Counts calls into methods of one class, per thread, in the first SECONDS of a JVM started suspended with a JDWP
 * listener (jdi-count.sh starts one): how many JDK calls an agent's start-up puts into the profiles the host's JIT
 * later compiles from. Prints "count method thread" lines and a total for the first method.
 * Usage: JdiCallCount PORT SECONDS CLASS METHOD...
 */
public final class JdiCallCount {
    public static void main(String[] a) throws Exception {
        AttachingConnector c = null;
        for (AttachingConnector x : Bootstrap.virtualMachineManager().attachingConnectors())
            if (x.transport().name().equals("dt_socket")) c = x;
        Map<String, Connector.Argument> args = c.defaultArguments();
        args.get("port").setValue(a[0]);
        args.get("hostname").setValue("127.0.0.1");
        VirtualMachine vm = null;
        for (int i = 0; i < 100 && vm == null; i++) { // the JVM may not listen yet
            try {
                vm = c.attach(args);
            } catch (Exception e) {
                Thread.sleep(100);
            }
        }
        if (vm == null) throw new IllegalStateException("no JVM listening on port " + a[0]);
        long seconds = Long.parseLong(a[1]);
        Set<String> methods = new HashSet<>(Arrays.asList(a).subList(3, a.length));
        MethodEntryRequest req = vm.eventRequestManager().createMethodEntryRequest();
        req.addClassFilter(a[2]);
        req.setSuspendPolicy(EventRequest.SUSPEND_NONE);
        req.enable();
        Map<String, Integer> counts = new TreeMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        vm.resume();
        EventQueue q = vm.eventQueue();
        while (System.nanoTime() < end) {
            EventSet set = q.remove(200);
            if (set == null) continue;
            for (Event e : set) {
                if (e instanceof MethodEntryEvent me && methods.contains(me.method().name())) {
                    String t;
                    try {
                        t = me.thread().name();
                    } catch (Exception x) { // the thread ended meanwhile (events do not suspend it)
                        t = "?";
                    }
                    counts.merge(me.method().name() + "\t" + t, 1, Integer::sum);
                }
                if (e instanceof VMDeathEvent || e instanceof VMDisconnectEvent) end = 0;
            }
        }
        int total = 0;
        for (var en : counts.entrySet()) {
            System.out.println(en.getValue() + "\t" + en.getKey());
            if (en.getKey().startsWith(a[3] + "\t")) total += en.getValue();
        }
        System.out.println("TOTAL " + a[3] + " " + total);
        try {
            vm.exit(0);
        } catch (Exception ignored) {
            // the JVM is gone already
        }
    }
}
