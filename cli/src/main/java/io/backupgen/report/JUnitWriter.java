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
 * JUnit XML, written on flush: one {@code <testsuite>} per file, one {@code <testcase>} per
 * document ({@code Kind/name}); INVALID is a {@code <failure>}, ERROR an {@code <error>}, SKIPPED
 * {@code <skipped>}. Built with the JDK's DOM so escaping is right.
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
            suites.setAttribute("name", "backupgen validate");
            suites.setAttribute("tests", String.valueOf(summary.resources));
            suites.setAttribute("failures", String.valueOf(summary.invalid));
            suites.setAttribute("errors", String.valueOf(summary.errors));
            suites.setAttribute("skipped", String.valueOf(summary.skipped));
            xml.appendChild(suites);
            int id = 0;
            for (Map.Entry<String, List<Result>> e : bySource.entrySet()) {
                List<Result> rs = e.getValue();
                Element suite = xml.createElement("testsuite");
                suite.setAttribute("name", e.getKey());
                suite.setAttribute("id", String.valueOf(id++));
                suite.setAttribute("tests", String.valueOf(rs.size()));
                suite.setAttribute("failures", String.valueOf(rs.stream().filter(r -> r.status() == Status.INVALID).count()));
                suite.setAttribute("errors", String.valueOf(rs.stream().filter(r -> r.status() == Status.ERROR).count()));
                suite.setAttribute("skipped", String.valueOf(rs.stream().filter(r -> r.status() == Status.SKIPPED).count()));
                suites.appendChild(suite);
                for (Result r : rs) {
                    Element tc = xml.createElement("testcase");
                    tc.setAttribute("classname", e.getKey());
                    tc.setAttribute("name", r.document().displayName() + " (document " + r.document().index() + ")");
                    suite.appendChild(tc);
                    String text = r.findings().stream().map(TextWriter::format).collect(Collectors.joining("\n"));
                    String tag = switch (r.status()) {
                        case INVALID -> "failure";
                        case ERROR -> "error";
                        case SKIPPED -> "skipped";
                        case VALID -> null;
                    };
                    if (tag != null) {
                        Element el = xml.createElement(tag);
                        List<Finding> errs = r.errors();
                        el.setAttribute("message", errs.isEmpty() ? "no schema or model for this kind"
                                : errs.size() + " error" + (errs.size() == 1 ? "" : "s") + ": " + errs.get(0).message());
                        el.setAttribute("type", errs.isEmpty() ? "skipped" : errs.get(0).rule());
                        el.setTextContent(text);
                        tc.appendChild(el);
                    } else if (!text.isEmpty()) {
                        Element so = xml.createElement("system-out");
                        so.setTextContent(text);
                        tc.appendChild(so);
                    }
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
}
