package dev.vigil.demo.scenarios;

/**
 * A child-first loader for one plugin class: defines it from its bytes instead of asking the parent, as a plugin
 * container does, so each loader has its own copy of the class (and its own static state).
 */
final class PluginClassLoader extends ClassLoader {
    private final String pluginClass;
    private final byte[] bytes;

    PluginClassLoader(int generation, String pluginClass, byte[] bytes, ClassLoader parent) {
        super("plugin-" + generation, parent);
        this.pluginClass = pluginClass;
        this.bytes = bytes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.equals(pluginClass)) return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) c = defineClass(name, bytes, 0, bytes.length);
            if (resolve) resolveClass(c);
            return c;
        }
    }
}
