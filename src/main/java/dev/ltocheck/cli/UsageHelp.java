package dev.ltocheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Usage help that wraps lines at spaces only. Picocli wraps with the JDK's line BreakIterator,
 * which breaks after '.', '-' and '/' before a letter: {@code ld.} / {@code lld},
 * {@code scripts/Makefile.} / {@code build}, {@code --link-} / {@code cmd}, so that a path or a
 * command copied from the help is wrong. Installed with {@link CommandLine#setHelpFactory}.
 */
final class UsageHelp extends CommandLine.Help {
    UsageHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    @Override
    public Layout createDefaultLayout() {
        return atSpaces(super.createDefaultLayout());
    }

    @Override
    public Layout createDefaultLayout(List<CommandLine.Model.OptionSpec> options,
                                      List<CommandLine.Model.PositionalParamSpec> positionals, ColorScheme scheme) {
        return atSpaces(super.createDefaultLayout(options, positionals, scheme));
    }

    private static Layout atSpaces(Layout layout) {
        TextTable table = layout.textTable();
        SpaceWrappingTable wrapping = new SpaceWrappingTable(layout.colorScheme(), table.columns());
        wrapping.indentWrappedLines = table.indentWrappedLines;
        return new Layout(layout.colorScheme(), wrapping, layout.optionRenderer(), layout.parameterRenderer());
    }

    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        TextTable table = super.createTextTable(map);
        SpaceWrappingTable wrapping = new SpaceWrappingTable(colorScheme(), table.columns());
        wrapping.indentWrappedLines = table.indentWrappedLines;
        if (map != null) {
            map.forEach((key, value) -> wrapping.addRowValues(String.valueOf(key), String.valueOf(value)));
        }
        return wrapping;
    }

    @Override
    public String description(Object... params) {
        StringBuilder text = new StringBuilder();
        for (String line : commandSpec().usageMessage().description()) {
            for (String paragraph : String.format(line, params).split("\\R", -1)) {
                wrap(paragraph, commandSpec().usageMessage().width()).forEach(l -> text.append(l).append(System.lineSeparator()));
            }
        }
        return text.toString();
    }

    /**
     * The examples: a command longer than a line goes on with a shell continuation ({@code \\}),
     * so that what is copied from the help still runs.
     */
    @Override
    public String footer(Object... params) {
        StringBuilder text = new StringBuilder();
        int width = commandSpec().usageMessage().width();
        for (String line : commandSpec().usageMessage().footer()) {
            for (String paragraph : String.format(line, params).split("\\R", -1)) {
                if (paragraph.length() <= width) {
                    text.append(paragraph).append(System.lineSeparator());
                    continue;
                }
                String indent = paragraph.substring(0, paragraph.length() - paragraph.stripLeading().length());
                List<String> parts = wrap(paragraph.strip(), width - indent.length() - 6);
                for (int i = 0; i < parts.size(); i++) {
                    text.append(indent).append(i == 0 ? "" : "    ").append(parts.get(i))
                            .append(i < parts.size() - 1 ? " \\" : "").append(System.lineSeparator());
                }
            }
        }
        return text.toString();
    }

    /** {@code text} in lines of at most {@code width} characters, broken at spaces only. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text.stripTrailing();
        while (rest.length() > width) {
            int space = rest.lastIndexOf(' ', width);
            if (space <= 0) {
                space = rest.indexOf(' ');
                if (space < 0) {
                    break;
                }
            }
            lines.add(rest.substring(0, space).stripTrailing());
            rest = rest.substring(space + 1).stripLeading();
        }
        lines.add(rest);
        return lines;
    }

    /** A text table whose wrapping columns break at spaces only. */
    static final class SpaceWrappingTable extends TextTable {
        private final ColorScheme scheme;

        SpaceWrappingTable(ColorScheme scheme, Column[] columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            String plain = value.plainString();
            // One less than the room: picocli's own copy wraps a line that fills its column exactly.
            int room = column.width - column.indent - 1;
            if (column.overflow != Column.Overflow.WRAP || plain.length() <= room) {
                return super.putValue(row, col, value);
            }
            Cell cell = null;
            int start = 0;
            int current = row;
            boolean first = true;
            while (start < plain.length()) {
                int extra = first ? 0 : indentWrappedLines;
                int end = plain.length();
                if (end - start > room - extra) {
                    int space = plain.lastIndexOf(' ', start + room - extra);
                    // A single word longer than the column is broken where it must be.
                    end = space > start ? space : Math.min(plain.length(), start + room - extra);
                }
                Text piece = value.substring(start, end);
                if (!first) {
                    addEmptyRow();
                    current++;
                    piece = scheme.ansi().new Text(" ".repeat(extra), scheme).concat(piece);
                }
                cell = super.putValue(current, col, piece);
                current = cell.row;
                start = end;
                while (start < plain.length() && plain.charAt(start) == ' ') {
                    start++;
                }
                first = false;
            }
            return cell;
        }
    }
}
