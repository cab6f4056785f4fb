"""The single-user image for Kubernetes, replayed from its Dockerfile on this machine.

Docker is not available here, so ``crmkit classroom image-check`` replays the steps in a
scratch folder: the pinned requirements go into a fresh virtual environment, the kit is
installed as in the image and the course repository is staged; then a trainee's and the
trainer's pods are imitated (the values file's postStart hook, a check saving the record).
What needs root in a Debian image (apt-get, useradd) is reported as not run.
"""

from crmkit.classroom import kube


def test_the_dockerfile_replays_and_the_image_serves_a_trainee_and_the_trainer(tmp_path):
    done = kube.image_check(tmp_path / "image")
    report = done[0]
    assert "COPY requirements.txt /opt/crmkit/src/requirements.txt：已执行" in report
    assert report.count("RUN python -m venv") == 1 and "未执行（系统软件包" in report
    assert done[1].startswith("启动命令 jupyterhub-singleuser 在镜像里（jupyterhub 6.1.1）")
    assert done[2] == "pip check：依赖完整、版本相容"
    image = tmp_path / "image"
    assert (image / "opt/crmkit/course.git/.git").is_dir()
    assert not (image / "opt/crmkit/src/.venv").exists()  # the dockerignore kept it out
    assert (image / "home/trainee01/.crmkit/answers/answers-m7-trainee01.json").is_file()
    assert (image / "home/trainer/班级练习情况.ipynb").is_file()
