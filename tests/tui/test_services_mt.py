"""The workbench's machine translation: one call, whether it runs in a child process or
in the calling thread."""

from __future__ import annotations

from tui.services import Services, Settings

TEXTS = ["Kiselskivan är tunn. Klicka på ⟨1⟩Spara⟨/1⟩ nu.", "Exportkontroll gäller Nvidia."]


def _translate(terms_db, model, isolate: bool):
    services = Services(Settings(terms_path=terms_db, model=model, isolate_mt=isolate))
    try:
        services.warm_up()
        return services.translate(TEXTS)
    finally:
        services.close()


def test_child_process_and_in_thread_translations_are_the_same(
    isolated_home, terms_db, tiny_package_dir
):
    child = _translate(terms_db, str(tiny_package_dir), True)
    here = _translate(terms_db, str(tiny_package_dir), False)
    assert [t.target for t in here] == [t.target for t in child]
    assert [t.low_confidence for t in here] == [t.low_confidence for t in child]
    # the same terms were enforced both ways, and the markup survived the model
    assert [[o.target for o in t.terms] for t in here] == [
        [o.target for o in t.terms] for t in child
    ]
    assert "wafer" in here[0].target and "export control" in here[1].target.lower()
    assert here[0].target.count("⟨1⟩") == 1 and here[0].target.count("⟨/1⟩") == 1
