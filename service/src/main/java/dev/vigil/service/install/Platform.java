package dev.vigil.service.install;

/** Where the service will run; decides path and class-path separators and which descriptors are written. */
public enum Platform {
    WINDOWS("\\", ";"), LINUX("/", ":");

    private final String separator;
    private final String pathSeparator;

    Platform(String separator, String pathSeparator) {
        this.separator = separator;
        this.pathSeparator = pathSeparator;
    }

    public String separator() {
        return separator;
    }

    public String pathSeparator() {
        return pathSeparator;
    }

    public static Platform current() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")
                ? WINDOWS : LINUX;
    }

    /** {@code file} as it will be on the target: absolute paths as given, others under {@code home}. */
    String resolve(String home, String file) {
        boolean absolute = this == WINDOWS ? file.matches("^[A-Za-z]:[\\\\/].*") || file.startsWith("\\\\")
                : file.startsWith("/");
        if (absolute || file.startsWith("%")) return file;
        return home.endsWith(separator) ? home + file : home + separator + file;
    }
}
