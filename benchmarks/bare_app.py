"""The baseline: a bare Textual "hello" app with a header and footer."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello, benchmark")
        yield Footer()


if __name__ == "__main__":
    Hello().run()
