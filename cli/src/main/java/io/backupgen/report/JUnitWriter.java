package io.backupgen.report;

import io.backupgen.validate.Finding;
import io.backupgen.validate.Result;
import io.backupgen.validate.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * JUnit XML as kubeconform writes it (and valid against the Jenkins/JUnit XSD its tests use),
 * written on flush: one {@code <testsuite>} per file, one {@code <testcase>} per document named
 * {@code namespace/name} (or {@code name}) with classname {@code Kind@apiVersion}; INVALID is a
 * {@code <failure>}, ERROR an {@code <error>}, SKIPPED {@code <skipped>}. The failure text lists
 * backupgen's findings, one per line. Times are 0 so the same input gives the same bytes. Built
 * with the JDK's DOM so escaping is right.
 */
public final class JUnitWriter implements ResultWriter {
    private final PrintWriter out;
    private final Summary summary = new Summary();
    private final Map<String, List<Result>> bySource = new LinkedHashMap<>();

    public JUnitWriter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void source(String source) {
        summary.sources.add(source);
        bySource.computeIfAbsent(source, s -> new ArrayList<>());
    }

    @Override
    public void write(Result result) {
        summary.add(result);
        bySource.computeIfAbsent(result.source(), s -> new ArrayList<>()).add(result);
    }

    @Override
    public void flush() {
        try {
            Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suites = xml.createElement("testsuites");
            suites.setAttribute("name", "backupgen");
            suites.setAttribute("time", "0");
            suites.setAttribute("tests", String.valueOf(summary.resources));
            suites.setAttribute("failures", String.valueOf(summary.invalid));
            suites.setAttribute("disabled", String.valueOf(summary.skipped));
            suites.setAttribute("errors", String.valueOf(summary.errors));
            xml.appendChild(suites);
            int id = 1;
            for (Map.Entry<String, List<Result>> e : bySource.entrySet()) {
                List<Result> rs = e.getValue();
                Element suite = xml.createElement("testsuite");
                suite.setAttribute("name", e.getKey());
                suite.setAttribute("id", String.valueOf(id++));
                suite.setAttribute("tests", String.valueOf(rs.size()));
                suite.setAttribute("failures", String.valueOf(rs.stream().filter(r -> r.status() == Status.INVALID).count()));
                suite.setAttribute("errors", String.valueOf(rs.stream().filter(r -> r.status() == Status.ERROR).count()));
                suite.setAttribute("disabled", "0");
                suite.setAttribute("skipped", String.valueOf(rs.stream().filter(r -> r.status() == Status.SKIPPED).count()));
                suites.appendChild(suite);
                for (Result r : rs) {
                    suite.appendChild(testCase(xml, r));
                }
            }
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter sw = new StringWriter();
            t.transform(new DOMSource(xml), new StreamResult(sw));
            out.println(sw.toString().strip());
            out.flush();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("writing JUnit XML: " + e.getMessage(), e);
        }
    }

    private static Element testCase(Document xml, Result r) {
        Element tc = xml.createElement("testcase");
        String display = r.findings().isEmpty() ? r.document().displayName() : r.findings().get(0).displayName();
        String kind = r.document().body() != null ? r.document().kind() : display.substring(0, display.indexOf('/'));
        String name = r.document().body() != null ? r.document().name() : display.substring(display.indexOf('/') + 1);
        String ns = r.document().namespace();
        tc.setAttribute("name", ns.isEmpty() ? name : ns + "/" + name);
        tc.setAttribute("classname", kind + "@" + r.document().apiVersion());
        tc.setAttribute("time", "0");
        String text = r.findings().stream().map(TextWriter::format).collect(Collectors.joining("\n"));
        List<Finding> errs = r.errors();
        String message = errs.isEmpty() ? "" : errs.stream()
                .map(f -> (f.path().isEmpty() ? "" : f.path() + ": ") + f.message()).collect(Collectors.joining("; "));
        switch (r.status()) {
            case INVALID, ERROR -> {
                Element el = xml.createElement(r.status() == Status.INVALID ? "failure" : "error");
                el.setAttribute("message", message);
                el.setAttribute("type", errs.isEmpty() ? "" : errs.get(0).rule());
                el.setTextContent(text);
                tc.appendChild(el);
            }
            case SKIPPED -> {
                Element el = xml.createElement("skipped");
                el.setTextContent("not validated (skipped kind, kustomization, or no schema with --ignore-missing-schemas)");
                tc.appendChild(el);
            }
            case VALID -> {
                if (!text.isEmpty()) {
                    Element so = xml.createElement("system-out");
                    so.setTextContent(text);
                    tc.appendChild(so);
                }
            }
            default -> throw new IllegalStateException(String.valueOf(r.status()));
        }
        return tc;
    }
}
