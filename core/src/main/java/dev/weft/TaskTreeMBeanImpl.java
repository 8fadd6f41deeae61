package dev.weft;

import java.lang.management.ManagementFactory;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * The MBean {@code dev.weft:type=TaskTree}: operation {@code render} returns the live tree as text,
 * attribute {@code Debug} reads and switches debug mode. A dynamic MBean, so no management
 * interface has to be public API.
 */
final class TaskTreeMBeanImpl implements DynamicMBean {
    static final String NAME = "dev.weft:type=TaskTree";
    private static final boolean REQUESTED =
            Boolean.getBoolean("weft.jmx") || Boolean.getBoolean("weft.debug");
    private static volatile boolean registered;

    static void register() {
        if (registered) {
            return;
        }
        synchronized (TaskTreeMBeanImpl.class) {
            if (registered) {
                return;
            }
            try {
                ManagementFactory.getPlatformMBeanServer()
                        .registerMBean(new TaskTreeMBeanImpl(), new ObjectName(NAME));
            } catch (InstanceAlreadyExistsException e) {
                // another copy of Weft (another class loader) registered first; it answers
            } catch (JMException e) {
                throw new IllegalStateException("cannot register " + NAME, e);
            }
            registered = true;
        }
    }

    /** Called when a root scope opens: registers if the JVM was started asking for it. */
    static void registerIfRequested() {
        if (REQUESTED && !registered) {
            register();
        }
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        if ("Debug".equals(attribute)) {
            return Debug.enabled();
        }
        throw new AttributeNotFoundException(attribute);
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        if (!"Debug".equals(attribute.getName())) {
            throw new AttributeNotFoundException(attribute.getName());
        }
        Debug.enable(Boolean.TRUE.equals(attribute.getValue()));
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            if ("Debug".equals(a)) {
                list.add(new Attribute(a, Debug.enabled()));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        AttributeList set = new AttributeList();
        for (Attribute a : attributes.asList()) {
            if ("Debug".equals(a.getName())) {
                Debug.enable(Boolean.TRUE.equals(a.getValue()));
                set.add(a);
            }
        }
        return set;
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature)
            throws ReflectionException {
        if ("render".equals(actionName)) {
            return TaskTree.render();
        }
        throw new ReflectionException(new NoSuchMethodException(actionName));
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return new MBeanInfo(
                TaskTreeMBeanImpl.class.getName(),
                "Weft live task tree",
                new MBeanAttributeInfo[] {
                    new MBeanAttributeInfo(
                            "Debug",
                            "boolean",
                            "debug mode (fork sites, watchdog)",
                            true,
                            true,
                            true)
                },
                null,
                new MBeanOperationInfo[] {
                    new MBeanOperationInfo(
                            "render",
                            "the live task tree as text",
                            new MBeanParameterInfo[0],
                            "java.lang.String",
                            MBeanOperationInfo.INFO)
                },
                null);
    }
}
