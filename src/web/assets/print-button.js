// The "In" (print) link of printable pages (receipts, the stall poster): a module, so the pages carry no inline script.
const button = document.getElementById('print');
if (button)
  button.addEventListener('click', (event) => {
    event.preventDefault();
    window.print();
  });
