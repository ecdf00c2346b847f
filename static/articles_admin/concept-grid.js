/*
 * The concept table's grid: column headings across the top, then one row per aspect with a
 * plain text input per column. The whole grid is kept as JSON in one hidden input, which the
 * block reads back on save.
 */
(() => {
  'use strict';

  const { element: node, iconButton, BoundWidgetBase, registerWidget } = window.articlesAdmin;

  const MAX_COLUMNS = 5;

  const gridButton = (label, iconName, onClick, role) => {
    const button = iconButton('concept-grid__icon', label, iconName);
    button.dataset.gridButton = role;
    button.addEventListener('click', onClick);
    return button;
  };

  const textButton = (label, onClick) => {
    const button = node('button', 'button button-small button-secondary', label);
    button.type = 'button';
    button.addEventListener('click', onClick);
    return button;
  };

  class BoundConceptGrid extends BoundWidgetBase {
    constructor(root, name, parentCapabilities) {
      super(root, name, parentCapabilities);
      this.input = root.querySelector(`input[name="${name}"]`);
      this.idForLabel = `${this.input.id}-corner`;
      this.state = { corner: '', columns: [''], rows: [{ aspect: '', cells: [''] }] };
      this.scroll = node('div', 'concept-grid__scroll');
      this.actions = node('div', 'concept-grid__actions');
      this.addRowButton = textButton('Add row', () => this.addRow());
      this.addColumnButton = textButton('Add column', () => this.addColumn());
      this.actions.append(this.addRowButton, this.addColumnButton);
      root.append(this.scroll, this.actions);
    }

    columnName(index) {
      return this.state.columns[index] || `column ${index + 1}`;
    }

    rowName(index) {
      return this.state.rows[index].aspect || `row ${index + 1}`;
    }

    textInput(id, value, label, onInput) {
      const input = node('input', 'concept-grid__input');
      input.type = 'text';
      input.id = id;
      input.value = value;
      input.setAttribute('aria-label', label);
      input.addEventListener('input', () => {
        onInput(input.value);
        this.save();
      });
      return input;
    }

    render() {
      const { columns, rows } = this.state;
      const base = this.input.id;
      const table = node('table', 'concept-grid__table');
      const head = node('tr');
      const corner = node('th', 'concept-grid__corner');
      corner.scope = 'col';
      const cornerInput = this.textInput(
        `${base}-corner`,
        this.state.corner,
        'Heading above the row labels',
        (text) => {
          this.state.corner = text;
        },
      );
      cornerInput.placeholder = 'Aspect';
      corner.append(cornerInput);
      head.append(corner);
      columns.forEach((heading, c) => {
        const cell = node('th', 'concept-grid__heading');
        cell.scope = 'col';
        cell.append(
          this.textInput(`${base}-col-${c}`, heading, `Heading of column ${c + 1}`, (text) => {
            columns[c] = text;
            this.relabel();
          }),
        );
        if (columns.length > 1) {
          cell.append(gridButton('', 'cross', () => this.removeColumn(c), `remove-col-${c}`));
        }
        head.append(cell);
      });
      head.append(node('td'));
      const thead = node('thead');
      thead.append(head);

      const tbody = node('tbody');
      rows.forEach((row, r) => {
        const line = node('tr');
        const aspect = node('th');
        aspect.scope = 'row';
        aspect.append(
          this.textInput(`${base}-row-${r}`, row.aspect, `Label of row ${r + 1}`, (text) => {
            row.aspect = text;
            this.relabel();
          }),
        );
        line.append(aspect);
        columns.forEach((_, c) => {
          const cell = node('td');
          cell.append(
            this.textInput(`${base}-cell-${r}-${c}`, row.cells[c] || '', '', (text) => {
              row.cells[c] = text;
            }),
          );
          line.append(cell);
        });
        const tools = node('td', 'concept-grid__row-tools');
        const up = gridButton('', 'arrow-up', () => this.moveRow(r, -1), `up-${r}`);
        up.disabled = r === 0;
        const down = gridButton('', 'arrow-down', () => this.moveRow(r, 1), `down-${r}`);
        down.disabled = r === rows.length - 1;
        tools.append(up, down);
        if (rows.length > 1) {
          tools.append(gridButton('', 'cross', () => this.removeRow(r), `remove-row-${r}`));
        }
        line.append(tools);
        tbody.append(line);
      });
      table.append(thead, tbody);
      this.scroll.replaceChildren(table);
      this.relabel();
      this.addColumnButton.disabled = columns.length >= MAX_COLUMNS;
      this.addColumnButton.title = columns.length >= MAX_COLUMNS ? `At most ${MAX_COLUMNS} columns` : '';
    }

    // Cells and buttons are named after their row label and column heading, which the editor
    // may be typing at this moment: rename them in place rather than redraw the grid.
    relabel() {
      const base = this.input.id;
      const name = (element, label) => {
        if (!element) return;
        element.setAttribute('aria-label', label);
        if (element.tagName === 'BUTTON') element.title = label;
      };
      const button = (role) => this.scroll.querySelector(`[data-grid-button="${role}"]`);
      this.state.columns.forEach((_, c) => {
        name(button(`remove-col-${c}`), `Remove column “${this.columnName(c)}”`);
      });
      this.state.rows.forEach((row, r) => {
        const rowName = this.rowName(r);
        this.state.columns.forEach((_, c) => {
          const cell = this.scroll.querySelector(`#${CSS.escape(`${base}-cell-${r}-${c}`)}`);
          name(cell, `${rowName}: ${this.columnName(c)}`);
        });
        name(button(`up-${r}`), `Move row “${rowName}” up`);
        name(button(`down-${r}`), `Move row “${rowName}” down`);
        name(button(`remove-row-${r}`), `Remove row “${rowName}”`);
      });
    }

    changed(focusId) {
      this.render();
      this.save();
      this.input.dispatchEvent(new Event('change', { bubbles: true }));
      if (focusId) document.getElementById(focusId)?.focus();
    }

    addRow() {
      this.state.rows.push({ aspect: '', cells: this.state.columns.map(() => '') });
      this.changed(`${this.input.id}-row-${this.state.rows.length - 1}`);
    }

    addColumn() {
      if (this.state.columns.length >= MAX_COLUMNS) return;
      this.state.columns.push('');
      this.state.rows.forEach((row) => row.cells.push(''));
      this.changed(`${this.input.id}-col-${this.state.columns.length - 1}`);
    }

    removeRow(index) {
      this.state.rows.splice(index, 1);
      this.changed(`${this.input.id}-row-${Math.max(0, index - 1)}`);
    }

    removeColumn(index) {
      this.state.columns.splice(index, 1);
      this.state.rows.forEach((row) => row.cells.splice(index, 1));
      this.changed(`${this.input.id}-col-${Math.max(0, index - 1)}`);
    }

    moveRow(index, step) {
      const rows = this.state.rows;
      const to = index + step;
      if (to < 0 || to >= rows.length) return;
      [rows[index], rows[to]] = [rows[to], rows[index]];
      this.changed(`${this.input.id}-row-${to}`);
    }

    save() {
      this.input.value = JSON.stringify(this.state);
    }

    getValue() {
      return JSON.parse(JSON.stringify(this.state));
    }

    getState() {
      return this.getValue();
    }

    setState(state) {
      const value = typeof state === 'string' ? JSON.parse(state || '{}') : state || {};
      // A new block's empty slots arrive as null: an empty box, never the word "null".
      const text = (item) => (item === null || item === undefined ? '' : String(item));
      const columns = (value.columns || []).map(text);
      const width = Math.max(columns.length, 1);
      while (columns.length < width) columns.push('');
      const rows = (value.rows || []).map((row) => {
        const cells = (row.cells || []).map(text).slice(0, width);
        while (cells.length < width) cells.push('');
        return { aspect: text(row.aspect), cells };
      });
      if (!rows.length) rows.push({ aspect: '', cells: columns.map(() => '') });
      this.state = { corner: text(value.corner), columns, rows };
      this.render();
      this.save();
    }

    getValueForLabel() {
      return this.state.columns.filter(Boolean).join(' / ');
    }

    setInvalid(invalid) {
      this.root.classList.toggle('concept-grid--invalid', invalid);
    }

    focus() {
      document.getElementById(this.idForLabel)?.focus();
    }
  }

  registerWidget('articles.widgets.ConceptGrid', BoundConceptGrid);
})();
