/*
 * The model table's model picker: a <select multiple> turned into a searchable list of
 * registry models beside the chosen ones, in table order. Reorder by drag or with the
 * up/down buttons; the select's options are kept in the same order, so the form submits the
 * models in the order the editor set.
 */
(() => {
  'use strict';

  const { icon, element, iconButton, BoundWidgetBase, registerWidget } = window.articlesAdmin;

  const describe = (model) => [model.developer, model.size, model.year].filter(Boolean).join(' · ');

  const listOf = (names) => names.map((name) => `“${name}”`).join(', ');

  class BoundModelPicker extends BoundWidgetBase {
    constructor(root, name, parentCapabilities) {
      super(root, name, parentCapabilities);
      this.select = root.querySelector('select');
      this.models = Array.from(this.select.options).map((option) => ({
        id: option.value,
        name: option.text,
        developer: option.dataset.developer || '',
        size: option.dataset.size || '',
        year: option.dataset.year || '',
        modalities: option.dataset.modalities || '',
        live: option.dataset.live === 'true',
        option,
      }));
      this.byId = new Map(this.models.map((model) => [model.id, model]));
      this.chosen = [];
      this.deleted = [];
      this.build();
    }

    build() {
      const base = this.select.id;
      this.idForLabel = `${base}-search`;
      this.select.hidden = true;

      const chosenPane = element('div', 'model-picker__pane model-picker__pane--chosen');
      this.count = element('p', 'model-picker__count');
      this.count.id = `${base}-count`;
      this.list = element('ol', 'model-picker__list');
      this.list.setAttribute('aria-labelledby', this.count.id);
      this.warnings = element('div', 'model-picker__warnings');
      this.warnings.setAttribute('role', 'status');
      chosenPane.append(this.count, this.list, this.warnings);

      const addPane = element('div', 'model-picker__pane model-picker__pane--add');
      this.search = element('input', 'model-picker__search');
      this.search.type = 'search';
      this.search.id = this.idForLabel;
      this.search.autocomplete = 'off';
      this.search.placeholder = 'Search by name, developer or modality';
      this.search.setAttribute('aria-controls', `${base}-options`);
      this.options = element('ul', 'model-picker__options');
      this.options.id = `${base}-options`;
      this.options.setAttribute('aria-label', 'Registry models: press one to add or remove it');
      this.matches = element('p', 'model-picker__matches');
      this.matches.setAttribute('aria-live', 'polite');
      addPane.append(this.search, this.matches, this.options);

      this.models.forEach((model) => {
        const item = element('li');
        const choose = element('button', 'model-picker__option');
        choose.type = 'button';
        choose.dataset.id = model.id;
        choose.append(
          element('span', 'model-picker__name', model.name),
          element('span', 'model-picker__meta', describe(model)),
          element('span', `model-picker__state model-picker__state--${model.live ? 'live' : 'draft'}`, model.live ? 'Live' : 'Draft'),
        );
        choose.addEventListener('click', () => this.toggle(model.id));
        item.append(choose);
        model.optionItem = item;
        model.optionButton = choose;
        this.options.append(item);
      });

      this.search.addEventListener('input', () => this.filter());
      this.search.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          // Enter adds the first match instead of submitting the page form.
          event.preventDefault();
          const first = this.models.find((m) => !m.optionItem.hidden && !this.chosen.includes(m.id));
          if (first) this.toggle(first.id);
        }
      });
      this.list.addEventListener('dragover', (event) => this.dragOver(event));
      this.list.addEventListener('drop', (event) => event.preventDefault());

      const layout = element('div', 'model-picker__layout');
      layout.append(chosenPane, addPane);
      this.root.append(layout);
      this.filter();
    }

    filter() {
      const words = this.search.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      this.models.forEach((model) => {
        const text = `${model.name} ${model.developer} ${model.modalities}`.toLowerCase();
        const match = words.every((word) => text.includes(word));
        model.optionItem.hidden = !match;
        if (match) shown += 1;
      });
      this.matches.textContent = words.length
        ? `${shown} of ${this.models.length} models match`
        : `${this.models.length} models in the registry`;
    }

    toggle(id) {
      if (this.chosen.includes(id)) {
        this.chosen = this.chosen.filter((chosenId) => chosenId !== id);
      } else {
        this.chosen = [...this.chosen, id];
      }
      this.update(true);
    }

    move(id, step) {
      const from = this.chosen.indexOf(id);
      const to = from + step;
      if (from < 0 || to < 0 || to >= this.chosen.length) return;
      const order = [...this.chosen];
      [order[from], order[to]] = [order[to], order[from]];
      this.chosen = order;
      this.update(true);
      const again = this.list.querySelector(`[data-id="${id}"] [data-move="${step}"]`);
      const fallback = this.list.querySelector(`[data-id="${id}"] [data-move="${-step}"]`);
      (again && !again.disabled ? again : fallback)?.focus();
    }

    dragOver(event) {
      if (!this.dragging) return;
      event.preventDefault();
      const target = event.target.closest('.model-picker__item');
      if (!target || target === this.dragging) return;
      const box = target.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      target.parentNode.insertBefore(this.dragging, after ? target.nextSibling : target);
    }

    renderChosen() {
      this.list.replaceChildren();
      this.chosen.forEach((id, index) => {
        const model = this.byId.get(id);
        const item = element('li', 'model-picker__item');
        item.dataset.id = id;
        item.draggable = true;
        const handle = element('span', 'model-picker__handle');
        handle.innerHTML = icon('grip');
        handle.title = 'Drag to reorder';
        const up = iconButton('model-picker__move', `Move “${model.name}” up`, 'arrow-up');
        up.dataset.move = '-1';
        up.disabled = index === 0;
        up.addEventListener('click', () => this.move(id, -1));
        const down = iconButton('model-picker__move', `Move “${model.name}” down`, 'arrow-down');
        down.dataset.move = '1';
        down.disabled = index === this.chosen.length - 1;
        down.addEventListener('click', () => this.move(id, 1));
        const remove = iconButton('model-picker__remove', `Remove “${model.name}”`, 'cross');
        remove.addEventListener('click', () => {
          this.toggle(id);
          (this.list.querySelector('.model-picker__remove') || this.search).focus();
        });
        const meta = element('span', 'model-picker__meta', describe(model));
        meta.title = describe(model);
        item.append(handle, element('span', 'model-picker__name', model.name), meta);
        if (!model.live) {
          item.append(element('span', 'model-picker__state model-picker__state--draft', 'Draft'));
        }
        item.append(up, down, remove);
        item.addEventListener('dragstart', (event) => {
          this.dragging = item;
          item.classList.add('is-dragging');
          event.dataTransfer.effectAllowed = 'move';
          event.dataTransfer.setData('text/plain', model.name);
        });
        item.addEventListener('dragend', () => {
          item.classList.remove('is-dragging');
          this.dragging = null;
          this.chosen = Array.from(this.list.children).map((child) => child.dataset.id);
          this.update(true);
        });
        this.list.append(item);
      });
    }

    renderWarnings() {
      this.warnings.replaceChildren();
      const drafts = this.chosen.map((id) => this.byId.get(id)).filter((m) => !m.live);
      if (drafts.length) {
        this.warnings.append(element('p', 'model-picker__warning',
          `Not on the live page yet: ${listOf(drafts.map((m) => m.name))} `
          + `${drafts.length === 1 ? 'is a draft; its row appears' : 'are drafts; their rows appear'}`
          + ' once published in Model facts.'));
      }
      if (this.deleted.length) {
        this.warnings.append(element('p', 'model-picker__warning',
          `Deleted from the registry: ${listOf(this.deleted)}. `
          + `${this.deleted.length === 1 ? 'Its row is' : 'Their rows are'} no longer shown, `
          + `and saving removes ${this.deleted.length === 1 ? 'it' : 'them'} from this table.`));
      }
    }

    update(changed) {
      const chosenOptions = this.chosen.map((id) => this.byId.get(id).option);
      // Options in table order: a multi-select submits its values in document order.
      chosenOptions.forEach((option) => this.select.append(option));
      this.models.forEach((model) => {
        const isChosen = this.chosen.includes(model.id);
        if (!isChosen) this.select.append(model.option);
        model.option.selected = isChosen;
        model.optionButton.setAttribute('aria-pressed', String(isChosen));
      });
      const n = this.chosen.length;
      this.count.textContent = n
        ? `${n} ${n === 1 ? 'model' : 'models'} chosen, in table order`
        : 'No models chosen yet: pick them from the list.';
      this.renderChosen();
      this.renderWarnings();
      if (changed) this.select.dispatchEvent(new Event('change', { bubbles: true }));
    }

    getValue() {
      return [...this.chosen];
    }

    getState() {
      return { chosen: [...this.chosen], deleted: [...this.deleted] };
    }

    setState(state) {
      const value = Array.isArray(state) ? { chosen: state } : state || {};
      this.chosen = (value.chosen || []).map(String).filter((id) => this.byId.has(id));
      this.deleted = value.deleted || [];
      this.update(false);
    }

    getValueForLabel() {
      return this.chosen.map((id) => this.byId.get(id).name).join(', ');
    }

    setInvalid(invalid) {
      if (invalid) this.search.setAttribute('aria-invalid', 'true');
      else this.search.removeAttribute('aria-invalid');
    }

    focus() {
      this.search.focus();
    }
  }

  registerWidget('articles.widgets.ModelPicker', BoundModelPicker);
})();
